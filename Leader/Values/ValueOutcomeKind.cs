namespace PryvBus.Leader.Values;

public enum ValueOutcomeKind
{
    /// <summary>Written, settings reloaded, every role rendered.</summary>
    Changed,

    /// <summary>Checked and previewed: nothing written.</summary>
    DryRun,

    /// <summary>No platform entry of that name (the API does not create values).</summary>
    NotFound,

    /// <summary>The file changed since the ETag the change was based on: refused, never merged.</summary>
    Stale,

    /// <summary>The edited file (or already the current one) breaks the settings' rules: nothing written.</summary>
    Invalid,
}
