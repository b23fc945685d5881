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

/// <param name="Outcome">What happened.</param>
/// <param name="Role">The role.</param>
/// <param name="Serial">The current serial after the store.</param>
/// <param name="Sha256">The digest of the content.</param>
/// <param name="Generation">The store generation the version is in.</param>
/// <param name="Repair">
/// Why the current version could not be kept even though the render equals it (its stored content no longer matches its
/// digest, it is missing, it belongs to an older generation, Redis lost newer serials…); null when nothing was wrong.
/// </param>
public sealed record StoreResult(StoreOutcome Outcome, string Role, long Serial, string Sha256, long Generation = 0, string? Repair = null)
{
    /// <summary>
    /// When the store's own transaction published the serial's event: how many subscribers received it. Null when it did
    /// not (no event asked for, or nothing stored): the caller announces the version itself, if at all.
    /// </summary>
    public long? Published { get; init; }
}
