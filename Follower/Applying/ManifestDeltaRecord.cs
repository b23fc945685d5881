namespace PryvBus.Follower.Applying;

/// <summary>
/// One commit appended to <c>.pryvbus/manifest.delta</c> (<see cref="ManifestDelta"/>): the applied version's header
/// fields, the entries added or changed since the state before it, and the paths it no longer lists.
/// </summary>
internal sealed class ManifestDeltaRecord
{
    public string Role { get; set; } = string.Empty;

    public long Serial { get; set; }

    public long Generation { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public string Applied { get; set; } = string.Empty;

    /// <summary>Relative path → its entry, for each path added or whose entry changed.</summary>
    public Dictionary<string, ManifestEntry> Files { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Paths the state before listed and this one does not.</summary>
    public List<string> Removed { get; set; } = [];
}
