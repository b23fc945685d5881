namespace PryvBus.Follower.Applying;

/// <summary>
/// A folder <see cref="RootWatch"/> watches: its watch, path, inode when watched, the files of the plans in it by name,
/// and the folders found in it while it was watched (a tree from the root: dropping a folder drops everything below it).
/// </summary>
internal sealed class WatchedFolder(int wd, string full, ulong inode, bool isRoot)
{
    public int Wd { get; } = wd;

    public string Full { get; } = full;

    public ulong Inode { get; } = inode;

    /// <summary>The configuration root itself: its path and inode are checked at every plan, not vouched for.</summary>
    public bool IsRoot { get; } = isRoot;

    public Dictionary<string, KnownFile> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The folders looked up by name in this one while it was watched.</summary>
    public Dictionary<string, WatchedFolder> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>The watched folder this one was found in, and its name there; null when it was not found that way.</summary>
    public (WatchedFolder Folder, string Name)? Parent { get; set; }

    /// <summary>
    /// Its real path and when it was found so: by name in its parent while the parent was watched and vouched for (or was
    /// the root), and watched itself since. Cleared by any event of the folder, of its name in its parent, or of a folder
    /// above. Null: look at the disk.
    /// </summary>
    public (string Real, long At)? Clean { get; set; }
}
