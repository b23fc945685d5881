namespace PryvBus.Leader.Versions;

public enum StoreOutcome
{
    /// <summary>A new serial was written.</summary>
    Stored,

    /// <summary>The content equals the current version: no new serial (signatures refreshed).</summary>
    Unchanged,

    /// <summary>A secret this render generated was created meanwhile by someone else: render again.</summary>
    SecretConflict,
}

public sealed record StoreResult(StoreOutcome Outcome, string Role, long Serial, string Sha256);
