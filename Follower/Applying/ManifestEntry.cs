namespace PryvBus.Follower.Applying;

/// <summary>One file of a <see cref="Manifest"/>.</summary>
public sealed class ManifestEntry
{
    public string Sha256 { get; set; } = string.Empty;

    public bool Secret { get; set; }
}
