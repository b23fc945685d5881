namespace PryvBus.Follower.Applying;

/// <summary>
/// What the follower wrote under the root: <c>.pryvbus/manifest.json</c> for the applied version (committed last),
/// <c>.pryvbus/pending.json</c> for a version being applied. Only files listed here are ever deleted. The applied
/// manifest is <c>manifest.json</c> (written whole now and then) plus the commits appended to <c>manifest.delta</c> since
/// (<see cref="ManifestDelta"/>).
/// </summary>
public sealed class Manifest
{
    public string Role { get; set; } = string.Empty;

    public long Serial { get; set; }

    /// <summary>The store generation of the applied version; 0 in a manifest written before generations existed.</summary>
    public long Generation { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    /// <summary>ISO-8601 UTC time of the apply.</summary>
    public string Applied { get; set; } = string.Empty;

    /// <summary>
    /// Random, new at each full write of <c>manifest.json</c>: the delta names it, so a delta of an earlier full write is
    /// never replayed on a later one. Null in the journal and in a manifest written before deltas existed.
    /// </summary>
    public string? WriteId { get; set; }

    /// <summary>Relative path → sha256 of the content and secret flag.</summary>
    public Dictionary<string, ManifestEntry> Files { get; set; } = new(StringComparer.Ordinal);
}
