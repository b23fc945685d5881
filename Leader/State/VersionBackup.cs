namespace PryvBus.Leader.State;

/// <summary>One retained version in a backup: its config hash (path → content) and its meta hash, whole.</summary>
public sealed class VersionBackup
{
    public long Serial { get; set; }

    public Dictionary<string, byte[]> Files { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Meta { get; set; } = new(StringComparer.Ordinal);
}
