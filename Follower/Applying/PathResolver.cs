using PryvBus.Follower.Fetching;
using PryvBus.Shared.Native;
using PryvBus.Shared.Paths;

namespace PryvBus.Follower.Applying;

/// <summary>
/// <see cref="PathGuard.Resolve"/> for the many paths of one plan: each folder on the way is checked once (its answer
/// kept for the other paths of the plan), the file itself every time. A part that is not a link resolves to the real
/// path of its parent plus its name; only links are resolved by the system (<see cref="Posix.RealPath"/>). The rule is
/// <see cref="PathGuard"/>'s: no part may lead out of the root or into the follower's own state folder. The file itself is
/// looked at from its folder, kept open (<c>O_PATH</c>) for the plan: no walk from the root for each of many files.
/// </summary>
/// <param name="root">The configuration root as configured.</param>
/// <param name="realRoot">Its real path.</param>
/// <param name="memory">
/// What the last plan learnt of its paths: their text passed the path rule (a pure function of the text), their pieces
/// are not split and joined again. The disk is looked at every time.
/// </param>
/// <param name="watch">
/// The root's watch: a path it vouches for (<see cref="KnownFile.Clean"/>) is not looked at again; every other file is
/// watched before it is looked at.
/// </param>
internal sealed class PathResolver(string root, string realRoot, ContentHashes? memory = null, RootWatch? watch = null) : IDisposable
{
    private const int PathOnly = 0x200000; // O_PATH: a handle to look up names from, nothing read or written through it
    private const int CloseOnExec = 0x80000;
    private string? _realState;

    /// <summary>Folder (relative path) → its full path as configured and its real path, null when it does not exist yet.</summary>
    private readonly Dictionary<string, (string Full, string? Real, ulong? Inode)> _folders = new(StringComparer.Ordinal);
    private ulong? _rootInode;
    private bool _rootSeen;

    /// <summary>Folder (full path as configured) → its descriptor, or -1 when it could not be opened (then the full path is used).</summary>
    private readonly Dictionary<string, int> _handles = new(StringComparer.Ordinal);
    private const int LinkType = 0xA000;
    private const int DirectoryType = 0x4000;
    private FileStamp? _lastStamp;
    private KnownFile? _lastKnown;
    private char[] _joined = new char[256];

    /// <summary>The full path of <paramref name="path"/> under the root, or a rejection naming the path.</summary>
    public string Resolve(string path)
    {
        // Before anything is vouched for: what was checked against another state folder is not.
        _ = RealState();
        var known = memory?.Known(root, path);
        if (known is null)
        {
            var problem = PathGuard.Problem(path);
            if (problem is not null)
            {
                throw new VersionRejectedException($"unsafe path '{ConfigPath.Printable(path)}': {problem}");
            }

            var slash = path.LastIndexOf('/');
            var folderPart = slash < 0 ? null : path[..slash];
            var namePart = slash < 0 ? path : path[(slash + 1)..];
            known = new KnownFile(folderPart, namePart, Path.Combine(folderPart is null ? root : Folder(path, folderPart).Full, namePart));
        }

        _lastStamp = null;
        _lastKnown = known;
        var (folder, folderReal, folderInode) = known.Folder is null ? (root, realRoot, RootInode()) : Folder(path, known.Folder);
        if (folderReal is null)
        {
            known.Clean = null;
            return known.Full;
        }

        if (watch is not null && watch.Trusts(known) && known.Clean is { } clean)
        {
            // Checked while watched, no event since: the disk is as the check saw it.
            _lastStamp = clean.Stamp;
            return known.Full;
        }

        watch?.Watch(known, folder, Handle(folder), folderInode);
        Lookups++;
        var real = Check(path, known.Full, folderReal, known.Name, folder);
        if (real is not null && _lastStamp is { } stamp
            && ((stamp.Mode & 0xF000) == DirectoryType || ((stamp.Mode & 0xF000) == LinkType && Directory.Exists(real))))
        {
            throw new VersionRejectedException($"path '{path}' is a directory on disk");
        }

        return known.Full;
    }

    /// <summary>
    /// Looks at the state folder and at <paramref name="folder"/> (relative to the root; null: the root itself) as
    /// <see cref="Resolve"/> does for a file in it, vouched for by the root's watch or looked at on disk: whether the
    /// folder exists. A folder on the way that now leads out of the root is refused as for a file in it.
    /// </summary>
    public bool FolderExists(string? folder)
    {
        _ = RealState();
        return folder is null || Folder(folder, folder).Real is not null;
    }

    /// <summary>How many files this resolver looked at on disk (one <c>statx</c> each).</summary>
    public int Lookups { get; private set; }

    /// <summary>How many folders below the root this resolver looked at on disk (one <c>statx</c> each).</summary>
    public int FolderLookups { get; private set; }

    /// <summary>The stamp of the path <see cref="Resolve"/> last resolved (a link not followed); null when it does not exist.</summary>
    public FileStamp? LastStamp => _lastStamp;

    /// <summary>The pieces of the path <see cref="Resolve"/> last resolved, for the next plan.</summary>
    public KnownFile? LastKnown => _lastKnown;

    /// <summary>
    /// A folder of <paramref name="path"/> (<paramref name="relative"/> to the root), each part checked once per plan, and
    /// not at all while the root's watch vouches for it (<see cref="RootWatch.TrustedFolder"/>).
    /// </summary>
    private (string Full, string? Real, ulong? Inode) Folder(string path, string relative)
    {
        if (_folders.TryGetValue(relative, out var known))
        {
            return known;
        }

        var slash = relative.LastIndexOf('/');
        var (parent, parentReal, parentInode) = slash < 0 ? (root, realRoot, RootInode()) : Folder(path, relative[..slash]);
        var name = slash < 0 ? relative : relative[(slash + 1)..];
        var full = Path.Combine(parent, name);
        var resolved = (full, (string?)null, (ulong?)null);
        if (parentReal is not null && watch?.TrustedFolder(full) is { } trusted)
        {
            // Found while watched, no event since on it, its name or a folder above: the path leads where it led.
            resolved = (full, trusted.Real, trusted.Inode);
        }
        else if (parentReal is not null)
        {
            // The parent is watched before the name is looked up in it: a change of the name after the look is reported.
            var watchedParent = watch?.Arm(parent, Handle(parent), parentInode);
            _lastStamp = null;
            FolderLookups++;
            var real = Check(path, full, parentReal, name, parent, file: false);
            var inode = _lastStamp?.Inode;
            watch?.Seen(full, inode);
            if (real is not null && watchedParent is not null && (_lastStamp!.Value.Mode & 0xF000) == DirectoryType)
            {
                watch!.FolderFound(watchedParent, name, full, Handle(full), inode!.Value, real);
            }

            resolved = (full, real, inode);
        }

        _folders[relative] = resolved;
        return resolved;
    }

    /// <summary>The root's inode, looked up once per plan (a root swapped since the last plan loses its watch).</summary>
    private ulong? RootInode()
    {
        if (!_rootSeen)
        {
            _rootSeen = true;

            // The real root's: the folder a descriptor opened on the root leads to (the root may be configured as a link).
            _rootInode = FileStamp.Of(realRoot)?.Inode;
            watch?.RootSeen(root, _rootInode);
        }

        return _rootInode;
    }

    /// <summary>
    /// The state folder's real path: a path leading into it is refused. Looked up once per plan, not at all while the
    /// root's watch vouches for it; only a real folder (or none yet) is vouched for, a link is resolved every time.
    /// </summary>
    private string RealState()
    {
        if (_realState is not null)
        {
            return _realState;
        }

        // The root first: one swapped since the last plan drops what was vouched for in it.
        var rootInode = RootInode();
        if (watch?.TrustedState() is { } trusted)
        {
            return _realState = trusted;
        }

        var rootFolder = watch?.Arm(root, Handle(root), rootInode);
        var fd = Handle(root);
        var stamp = fd >= 0 ? FileStamp.Of(fd, PathGuard.StateDirectory) : FileStamp.Of(Path.Combine(root, PathGuard.StateDirectory));
        if (stamp is { } found && (found.Mode & 0xF000) is not DirectoryType)
        {
            _realState = Posix.RealPath(Path.Combine(root, PathGuard.StateDirectory)) ?? Path.Combine(realRoot, PathGuard.StateDirectory);
            rootFolder = null;
        }
        else
        {
            // A real folder (or none yet) in the real root: its real path is the real root's plus its name.
            _realState = Path.Combine(realRoot, PathGuard.StateDirectory);
        }

        watch?.StateFound(rootFolder, _realState);
        return _realState;
    }

    /// <summary>The real path of one part, or null when nothing is on disk from here on (the writer creates real folders).</summary>
    private string? Check(string path, string current, string parentReal, string name, string? folder, bool file = true)
    {
        // One statx, a link not followed: whether the part exists, is a link, or is a folder.
        _lastStamp = folder is not null && Handle(folder) is >= 0 and var fd ? FileStamp.Of(fd, name) : FileStamp.Of(current);
        if (_lastStamp is not { } stamp)
        {
            return null;
        }

        if ((stamp.Mode & 0xF000) != LinkType && file && folder is not null)
        {
            // A file, not a link: its real path is its folder's plus its name, checked without building it.
            CheckJoined(path, current, parentReal, name);
            return string.Empty;
        }

        var real = (stamp.Mode & 0xF000) == LinkType ? Posix.RealPath(current) : Path.Combine(parentReal, name);
        if (real is null || !PathGuard.IsUnder(real, realRoot))
        {
            throw new VersionRejectedException($"unsafe path '{path}': goes through symlink {current} that leaves the root");
        }

        if (PathGuard.IsUnder(real, RealState()))
        {
            throw new VersionRejectedException(
                $"unsafe path '{path}': goes through symlink {current} into the follower's own {PathGuard.StateDirectory} folder");
        }

        return real;
    }

    /// <summary><see cref="Check"/>'s rule for the real path <paramref name="parentReal"/>/<paramref name="name"/>.</summary>
    private void CheckJoined(string path, string current, string parentReal, string name)
    {
        var slash = parentReal.EndsWith('/') ? 0 : 1;
        var length = parentReal.Length + slash + name.Length;
        if (_joined.Length < length)
        {
            _joined = new char[Math.Max(length, _joined.Length * 2)];
        }

        parentReal.CopyTo(_joined);
        _joined[parentReal.Length] = '/';
        name.CopyTo(_joined.AsSpan(parentReal.Length + slash));
        var real = _joined.AsSpan(0, length);
        if (!PathGuard.IsUnder(real, realRoot))
        {
            throw new VersionRejectedException($"unsafe path '{path}': goes through symlink {current} that leaves the root");
        }

        if (PathGuard.IsUnder(real, RealState()))
        {
            throw new VersionRejectedException(
                $"unsafe path '{path}': goes through symlink {current} into the follower's own {PathGuard.StateDirectory} folder");
        }
    }

    public void Dispose()
    {
        foreach (var fd in _handles.Values.Where(fd => fd >= 0))
        {
            _ = Libc.Close(fd);
        }

        _handles.Clear();
    }

    /// <summary>The folder's descriptor, opened on first use (it exists: its part resolved); -1 when it cannot be opened.</summary>
    private int Handle(string folder)
    {
        if (!_handles.TryGetValue(folder, out var fd))
        {
            fd = Libc.Open(folder, PathOnly | CloseOnExec);
            _handles[folder] = fd;
        }

        return fd;
    }
}
