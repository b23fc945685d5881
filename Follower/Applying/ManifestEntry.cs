namespace PryvBus.Follower.Applying;

/// <summary>One file of a <see cref="Manifest"/>.</summary>
public sealed class ManifestEntry
{
    public string Sha256 { get; set; } = string.Empty;

    public bool Secret { get; set; }

    /// <summary>
    /// The file's <see cref="FileStamp"/> when the follower last found this content in it; null when not recorded (written
    /// by this apply, or too recent): the next apply then reads the file.
    /// </summary>
    public string? Stamp { get; set; }
}
