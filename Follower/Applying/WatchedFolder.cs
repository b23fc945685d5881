namespace PryvBus.Follower.Applying;

/// <summary>A folder <see cref="RootWatch"/> watches: its watch, path, inode when watched, and the files of the plans in it by name.</summary>
internal sealed class WatchedFolder(int wd, string full, ulong inode)
{
    public int Wd { get; } = wd;

    public string Full { get; } = full;

    public ulong Inode { get; } = inode;

    public Dictionary<string, KnownFile> Files { get; } = new(StringComparer.Ordinal);
}
