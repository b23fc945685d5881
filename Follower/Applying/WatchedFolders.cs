using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The folders a <see cref="RootWatch"/> watches, by watch and by path, as a tree from the root: a folder looked up by
/// name in a watched folder hangs below it, and dropping a folder drops everything below it (its watch removed, its
/// files' and its folders' marks cleared).
/// </summary>
internal sealed class WatchedFolders
{
    private readonly Dictionary<int, WatchedFolder> _byWatch = [];
    private readonly Dictionary<string, WatchedFolder> _byPath = new(StringComparer.Ordinal);

    public int Count => _byWatch.Count;

    public IEnumerable<WatchedFolder> All => _byWatch.Values;

    public WatchedFolder? ByWatch(int wd) => _byWatch.GetValueOrDefault(wd);

    public WatchedFolder? ByPath(string full) => _byPath.GetValueOrDefault(full);

    /// <summary>Whether <paramref name="folder"/> is still watched (not dropped since it was handed out).</summary>
    public bool Holds(WatchedFolder folder) => _byWatch.TryGetValue(folder.Wd, out var held) && ReferenceEquals(held, folder);

    public void Add(WatchedFolder folder)
    {
        _byWatch[folder.Wd] = folder;
        _byPath[folder.Full] = folder;
    }

    /// <summary>
    /// The real path and inode of the folder at <paramref name="full"/> while its resolution stands (marked, its parent
    /// still watched, marked less than <paramref name="trustMs"/> ago); null (and the mark dropped when stale): look.
    /// </summary>
    public (string Real, ulong Inode)? Trusted(string full, long trustMs)
    {
        if (!_byPath.TryGetValue(full, out var folder) || folder.Clean is not { } clean)
        {
            return null;
        }

        if (Environment.TickCount64 - clean.At <= trustMs && folder.Parent is { } parent && Holds(parent.Folder))
        {
            return (clean.Real, folder.Inode);
        }

        folder.Clean = null;
        return null;
    }

    /// <summary><paramref name="folder"/> found as <paramref name="name"/> in <paramref name="parent"/>, with <paramref name="real"/> as its real path.</summary>
    public static void Link(WatchedFolder parent, string name, WatchedFolder folder, string real)
    {
        if (folder.Parent is { } old && (!ReferenceEquals(old.Folder, parent) || old.Name != name))
        {
            old.Folder.Children.Remove(old.Name);
        }

        folder.Parent = (parent, name);
        parent.Children[name] = folder;
        folder.Clean = (real, Environment.TickCount64);
    }

    /// <summary>Drops <paramref name="folder"/> and everything below it: watches removed from <paramref name="inotify"/>, marks cleared.</summary>
    public void Forget(WatchedFolder folder, int inotify)
    {
        foreach (var child in folder.Children.Values.ToList())
        {
            Forget(child, inotify);
        }

        folder.Children.Clear();
        if (folder.Parent is { } parent && parent.Folder.Children.TryGetValue(parent.Name, out var same) && ReferenceEquals(same, folder))
        {
            parent.Folder.Children.Remove(parent.Name);
        }

        folder.Clean = null;
        foreach (var file in folder.Files.Values)
        {
            file.Clean = null;
        }

        if (inotify >= 0)
        {
            _ = Inotify.RemoveWatch(inotify, folder.Wd);
        }

        _byWatch.Remove(folder.Wd);
        _byPath.Remove(folder.Full);
    }

    /// <summary>Clears every folder's mark and every mark of the files in them; the watches stay.</summary>
    public void ClearMarks()
    {
        foreach (var folder in _byWatch.Values)
        {
            folder.Clean = null;
            foreach (var file in folder.Files.Values)
            {
                file.Clean = null;
            }
        }
    }

    public void Clear()
    {
        _byWatch.Clear();
        _byPath.Clear();
    }
}
