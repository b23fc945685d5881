using System.ComponentModel;
using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.Watching;

/// <summary>
/// The folders one inotify instance watches, by watch descriptor (<see cref="TreeNotify"/>). Adding a folder already
/// watched returns its descriptor again (the kernel's watch is per inode), with the path it has now: a folder moved
/// within the tree is added again under its new path. Symbolic links are never followed.
/// </summary>
internal sealed class WatchRegistry(int fd)
{
    private const uint Events = Inotify.Modify | Inotify.CloseWrite | Inotify.Create | Inotify.Delete
        | Inotify.MovedFrom | Inotify.MovedTo | Inotify.DeleteSelf | Inotify.MoveSelf | Inotify.DontFollow | Inotify.ExcludeUnlinked | Inotify.OnlyDirectory;

    private readonly Dictionary<int, (string Folder, bool Recursive, string? Only)> _watches = [];

    /// <summary>Watches <paramref name="folder"/> and every folder below it; a folder below it already gone is skipped (its parent's watch reports it).</summary>
    /// <returns>The folder's watch descriptor.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> itself is gone.</exception>
    /// <exception cref="IOException">A folder could not be watched (the watch limit…) or listed.</exception>
    public int AddTree(string folder)
    {
        var wd = Add(folder, recursive: true, only: null);
        foreach (var child in new DirectoryInfo(folder).EnumerateDirectories())
        {
            if (child.LinkTarget is not null)
            {
                continue;
            }

            try
            {
                AddTree(child.FullName);
            }
            catch (DirectoryNotFoundException)
            {
                // Removed or moved since the listing: its parent's watch, set before the listing, reports it.
            }
        }

        return wd;
    }

    /// <summary>Watches one folder; <paramref name="only"/>: the one name whose events count (null: all).</summary>
    /// <exception cref="DirectoryNotFoundException">It is gone (or no longer a folder).</exception>
    /// <exception cref="IOException">It cannot be watched.</exception>
    public int Add(string folder, bool recursive, string? only)
    {
        var wd = Inotify.AddWatch(fd, folder, Events);
        if (wd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            var message = error == 28
                ? $"cannot watch {folder}: the inotify watch limit is reached (fs.inotify.max_user_watches)"
                : $"cannot watch {folder}: {new Win32Exception(error).Message}";
            throw error is 2 or 20 ? new DirectoryNotFoundException(message) : new IOException(message);
        }

        lock (_watches)
        {
            _watches[wd] = (folder, recursive, only);
        }

        return wd;
    }

    /// <summary>The folder a descriptor watches; false for one never added or removed.</summary>
    public bool TryGet(int wd, out (string Folder, bool Recursive, string? Only) watch)
    {
        lock (_watches)
        {
            return _watches.TryGetValue(wd, out watch);
        }
    }

    /// <summary>Forgets a descriptor the kernel removed (<c>IN_IGNORED</c>).</summary>
    public void Remove(int wd)
    {
        lock (_watches)
        {
            _watches.Remove(wd);
        }
    }
}
