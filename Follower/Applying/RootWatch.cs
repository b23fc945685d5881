using System.Text;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Watches (inotify) the folders and files a plan checked, so that the next plan looks at what changed since instead of at
/// every file of the root: a file checked while watched, with no event of its own (written, truncated, chmod-ed, linked
/// elsewhere, deleted) nor of its name in its folder (replaced, renamed, created) since, still holds what the check saw
/// (<see cref="KnownFile.Clean"/>). The queue is read without blocking when a plan starts; nothing runs in between.
/// A folder is watched through the very descriptor the plan looks into (<c>/proc/self/fd</c>), with its inode: a folder
/// found with another inode at a later plan (swapped) loses its watch and its files' marks. So are the folders on the
/// way (<see cref="WatchedFolder"/>): a folder looked up by name in a watched folder vouched for (or the root, whose real
/// path and inode the plan checks every time), and watched itself, keeps its resolution with no event since on itself,
/// on its name in its parent nor on a folder above (dropped with everything below it otherwise): a path through it is
/// as it was, without a <c>statx</c>. An overflowing queue, a mount at, above or below the root (a mount raises no
/// inotify event: <see cref="MountTable"/>), or an event on a watched folder itself, clears every mark. Only on local file systems (events of a network
/// file system's other clients are never seen). Writes through a shared memory mapping raise no event (inotify(7)) but
/// change the file's times: a mark is trusted for a limited time, after which the plan's stamp rule looks again.
/// </summary>
/// <param name="maxWatches">
/// At most this many watches, folders and files together (the others are looked at every time, as without a watch);
/// null: a quarter of <c>fs.inotify.max_user_watches</c>, a limit the user's other programs share (the leader's own
/// watch, editors, container tools).
/// </param>
/// <param name="trust">
/// How long a check stays trusted without looking at the disk (null: one minute): a write the watch cannot see (through a
/// shared memory mapping) is caught by the stamp rule at the first plan after it.
/// </param>
internal sealed class RootWatch(int? maxWatches = null, TimeSpan? trust = null) : IDisposable
{
    private const uint FolderEvents = Inotify.Attrib | Inotify.Create | Inotify.Delete | Inotify.MovedFrom | Inotify.MovedTo
        | Inotify.DeleteSelf | Inotify.MoveSelf | Inotify.OnlyDirectory;

    private const uint FileEvents = Inotify.Modify | Inotify.Attrib | Inotify.DeleteSelf | Inotify.MoveSelf | Inotify.DontFollow;

    private readonly WatchedFolders _folders = new();
    private readonly Dictionary<int, KnownFile> _files = [];
    private readonly byte[] _events = new byte[8 * 1024];
    private readonly long _trustMs = (long)(trust ?? TimeSpan.FromMinutes(1)).TotalMilliseconds;
    private int _fd = -1;
    private MountTable? _mounts;
    private (string Real, long At)? _state;
    private string? _lastState;
    private string? _rootFull;
    private int _budget;
    private int _plan;
    private bool _overflowed;
    private string? _realRoot;
    private bool _disposed;

    /// <summary>
    /// Reads the events queued since the last plan, for the root <paramref name="realRoot"/> (another root: nothing is
    /// trusted). Once disposed, nothing is watched again: a plan after it looks at the disk, and no inotify instance is
    /// opened that nothing would close.
    /// </summary>
    public void Begin(string realRoot)
    {
        _plan++;
        if (_disposed)
        {
            return;
        }

        if (_realRoot != realRoot)
        {
            Close();
            _realRoot = realRoot;
            if (LocalFileSystems.Holds(realRoot) && MountTable.Open(realRoot) is { } mounts)
            {
                // The mount table first: a mount made before any watch is set is seen as well.
                _mounts = mounts;
                _fd = Inotify.Init(Inotify.NonBlock | Inotify.CloseOnExec);
                _budget = maxWatches ?? SystemBudget();
            }

            return;
        }

        nint read;
        while (_fd >= 0 && (read = Inotify.Read(_fd, _events, _events.Length)) > 0)
        {
            Dispatch(_events.AsSpan(0, (int)read));
        }

        if (_overflowed || _mounts?.Changed() == true)
        {
            // Lost events may include a watch's removal, a mount may put anything at a watched path: a fresh instance,
            // nothing trusted, no dead descriptor kept.
            Close();
            Begin(realRoot);
        }
    }

    /// <summary>
    /// Whether <paramref name="known"/>'s mark still stands: checked while watched, no event since, and recently enough
    /// (a stale mark is dropped: the plan looks at the disk).
    /// </summary>
    public bool Trusts(KnownFile known) => Trusts(known, Environment.TickCount64);

    /// <summary><see cref="Trusts(KnownFile)"/> at <paramref name="now"/> (<see cref="Environment.TickCount64"/>, read once for many files).</summary>
    public bool Trusts(KnownFile known, long now)
    {
        if (known.Clean is { } clean && now - clean.At <= _trustMs)
        {
            return true;
        }

        known.Clean = null;
        return false;
    }

    /// <summary>Whether this root is watched (a local file system, inotify available).</summary>
    public bool Active => _fd >= 0;

    /// <summary>How many watches are held, folders and files.</summary>
    public int Count => _folders.Count + _files.Count;

    /// <summary>The root as configured (<paramref name="root"/>), found by this plan with <paramref name="inode"/>: a watch on another inode is dropped.</summary>
    public void RootSeen(string root, ulong? inode)
    {
        if (_rootFull != root)
        {
            foreach (var folder in _folders.All.Where(f => f.IsRoot).ToList())
            {
                Forget(folder);
            }

            _rootFull = root;
        }

        Seen(root, inode);
    }

    /// <summary>A folder the plan found at <paramref name="full"/> with <paramref name="inode"/>: a watch on another inode is dropped.</summary>
    public void Seen(string full, ulong? inode)
    {
        if (_folders.ByPath(full) is { } folder && folder.Inode != inode)
        {
            Forget(folder);
        }
    }

    /// <summary>
    /// The real path and inode of the folder at <paramref name="full"/> when its resolution still stands (found while
    /// watched, no event since on it, its name or a folder above, recently enough); null: look at the disk.
    /// </summary>
    public (string Real, ulong Inode)? TrustedFolder(string full) => _folders.Trusted(full, _trustMs);

    /// <summary>
    /// The folder at <paramref name="full"/>, open as <paramref name="fd"/> and found by this plan with
    /// <paramref name="inode"/>, watched (through that descriptor) before the plan looks into it; null when it cannot be
    /// (budget, another file system, the descriptor leads elsewhere: a link).
    /// </summary>
    public WatchedFolder? Arm(string full, int fd, ulong? inode)
    {
        if (_fd < 0 || fd < 0 || inode is null)
        {
            return null;
        }

        if (_folders.ByPath(full) is { } folder)
        {
            return folder.Inode == inode ? folder : null;
        }

        // The descriptor's own inode, and the watch set through it: both are of the folder the plan looks into.
        if (Count >= _budget || FileStamp.OfHandle(fd)?.Inode != inode || !LocalFileSystems.HoldsOpen(fd))
        {
            return null;
        }

        var wd = Inotify.AddWatch(_fd, $"/proc/self/fd/{fd}", FolderEvents);
        if (wd < 0)
        {
            return null;
        }

        if (_folders.ByWatch(wd) is { } other)
        {
            // One folder at two paths (a bind mount): its events cannot say which path changed; trusted at neither.
            Forget(other);
            return null;
        }

        folder = new WatchedFolder(wd, full, inode.Value, full == _rootFull);
        _folders.Add(folder);
        return folder;
    }

    /// <summary>
    /// The plan looked up <paramref name="name"/> in <paramref name="parent"/> (armed before the look) and found a folder,
    /// not a link, open as <paramref name="fd"/>, with <paramref name="inode"/> and <paramref name="real"/> as its real
    /// path: it is watched, and its resolution vouched for until an event says otherwise, when its parent's is.
    /// </summary>
    public void FolderFound(WatchedFolder parent, string name, string full, int fd, ulong inode, string real)
    {
        if (_folders.Holds(parent) && (parent.IsRoot || parent.Clean is not null) && Arm(full, fd, inode) is { } folder)
        {
            WatchedFolders.Link(parent, name, folder, real);
        }
    }

    /// <summary>The state folder's real path as last found while the root was watched, no event of its name since; null: look.</summary>
    public string? TrustedState()
    {
        if (_state is { } state && Environment.TickCount64 - state.At <= _trustMs)
        {
            return state.Real;
        }

        _state = null;
        return null;
    }

    /// <summary>
    /// The state folder's real path <paramref name="real"/>, looked up by name in <paramref name="root"/> (armed before the
    /// look; null: not watched, or found as a link). Another one than before: every folder and file vouched for was
    /// checked against the old one, none is any more.
    /// </summary>
    public void StateFound(WatchedFolder? root, string real)
    {
        if (_lastState is not null && _lastState != real)
        {
            ClearAll();
        }

        _lastState = real;
        if (root is not null && _folders.Holds(root) && root.IsRoot)
        {
            _state = (real, Environment.TickCount64);
        }
    }

    /// <summary>
    /// Watches <paramref name="known"/>'s folder (open as <paramref name="folderFd"/>, found at <paramref name="folderFull"/>
    /// with <paramref name="folderInode"/> by this plan) and the file itself, before the plan looks at it.
    /// </summary>
    public void Watch(KnownFile known, string folderFull, int folderFd, ulong? folderInode)
    {
        known.Clean = null;
        known.Armed = 0;
        if (_fd < 0 || folderFd < 0 || (known.Watch < 0 && Count >= _budget - 1)
            || FileStamp.Of(folderFd, known.Name) is not { IsRegular: true }
            || Arm(folderFull, folderFd, folderInode) is not { } folder)
        {
            // Not watched now (and only a regular file ever is: a folder's watch is never taken over).
            Unwatch(known);
            return;
        }

        folder.Files[known.Name] = known;
        var fileWd = Inotify.AddWatch(_fd, $"/proc/self/fd/{folderFd}/{known.Name}", FileEvents);
        var swapped = _folders.ByWatch(fileWd);
        if (fileWd < 0 || swapped is not null)
        {
            // No watch, or the name became a watched folder since it was looked at: that folder's watch is not trusted.
            if (swapped is not null)
            {
                Forget(swapped);
            }

            Unwatch(known);
            return;
        }

        if (_files.TryGetValue(fileWd, out var other) && !ReferenceEquals(other, known) && other.Watch == fileWd)
        {
            // Two paths of the root are one file (hard links): a change through either is trusted for neither.
            other.Clean = null;
            other.Armed = 0;
            other.Watch = known.Watch = -1;
            _files.Remove(fileWd);
            return;
        }

        if (known.Watch >= 0 && known.Watch != fileWd && _files.TryGetValue(known.Watch, out var old) && ReferenceEquals(old, known))
        {
            _files.Remove(known.Watch);
        }

        known.Watch = fileWd;
        known.Armed = _plan;
        _files[fileWd] = known;
    }

    /// <summary>Marks <paramref name="known"/> as holding <paramref name="sha256"/>, seen as <paramref name="stamp"/> while watched.</summary>
    public void Checked(KnownFile known, string sha256, FileStamp stamp)
    {
        // Only a file this very plan watched before looking at it: a watch left from an earlier inode or instance is not one.
        if (_fd >= 0 && known.Armed == _plan && known.Watch >= 0 && stamp.IsRegular
            && _files.TryGetValue(known.Watch, out var watched) && ReferenceEquals(watched, known))
        {
            known.Clean = (sha256, stamp, Environment.TickCount64);
        }
    }

    private void Unwatch(KnownFile known)
    {
        if (known.Watch >= 0 && _files.TryGetValue(known.Watch, out var watched) && ReferenceEquals(watched, known))
        {
            _files.Remove(known.Watch);
        }

        known.Watch = -1;
        known.Armed = 0;
    }

    /// <summary>Closes the watch for good. Not safe against a plan running on another thread: the owner waits for it (<see cref="ConfigApplier"/>).</summary>
    public void Dispose()
    {
        _disposed = true;
        Close();
    }

    private static int SystemBudget()
    {
        try
        {
            return int.TryParse(File.ReadAllText("/proc/sys/fs/inotify/max_user_watches").Trim(), out var limit) && limit > 0 ? limit / 4 : 2048;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 2048;
        }
    }

    private void Close()
    {
        if (_fd >= 0)
        {
            _ = Inotify.Close(_fd);
            _fd = -1;
        }

        _mounts?.Dispose();
        _mounts = null;

        ClearAll();
        foreach (var known in _files.Values.Concat(_folders.All.SelectMany(f => f.Files.Values)))
        {
            known.Watch = -1;
            known.Armed = 0;
        }

        _folders.Clear();
        _files.Clear();
        _realRoot = null;
        _lastState = null;
        _overflowed = false;
    }

    private void Dispatch(ReadOnlySpan<byte> events)
    {
        var offset = 0;
        while (Inotify.Next(events, ref offset, out var wd, out var mask, out var raw))
        {
            if ((mask & Inotify.QueueOverflow) != 0)
            {
                ClearAll();
                _overflowed = true;
            }
            else if (_folders.ByWatch(wd) is { } folder)
            {
                var name = raw.IsEmpty ? null : Encoding.UTF8.GetString(raw);
                if (name is null)
                {
                    // The folder itself was moved, deleted or changed: nothing is trusted any more, nothing below it watched.
                    ClearAll();
                    Forget(folder);
                    continue;
                }

                if (folder.Files.TryGetValue(name, out var named))
                {
                    named.Clean = null;
                }

                if (folder.Children.TryGetValue(name, out var child))
                {
                    // The name now leads elsewhere (or nowhere): that folder and everything below it are looked at again.
                    Forget(child);
                }

                if (folder.IsRoot && name == PathGuard.StateDirectory)
                {
                    _state = null;
                }
            }
            else if (_files.TryGetValue(wd, out var file))
            {
                file.Clean = null;
                if ((mask & Inotify.Ignored) != 0)
                {
                    _files.Remove(wd);
                    file.Watch = file.Watch == wd ? -1 : file.Watch;
                }
            }
        }
    }

    private void Forget(WatchedFolder folder)
    {
        if (folder.IsRoot)
        {
            _state = null;
        }

        _folders.Forget(folder, _fd);
    }

    private void ClearAll()
    {
        _state = null;
        foreach (var file in _files.Values)
        {
            file.Clean = null;
        }

        _folders.ClearMarks();
    }
}
