using PryvBus.Follower.Fetching;
using PryvBus.Shared.Paths;

namespace PryvBus.Follower.Applying;

/// <summary>
/// <see cref="PathGuard.Resolve"/> for the many paths of one plan: each folder on the way is checked once (its answer
/// kept for the other paths of the plan), the file itself every time. A part that is not a link resolves to the real
/// path of its parent plus its name; only links are resolved by the system (<c>realpath</c>). The rule is
/// <see cref="PathGuard"/>'s: no part may lead out of the root or into the follower's own state folder.
/// </summary>
internal sealed class PathResolver(string root, string realRoot)
{
    private readonly string _realState = Posix.RealPath(Path.Combine(root, PathGuard.StateDirectory)) ?? Path.Combine(realRoot, PathGuard.StateDirectory);

    /// <summary>Folder (full path as configured) → its real path, or null when it does not exist yet.</summary>
    private readonly Dictionary<string, string?> _folders = new(StringComparer.Ordinal);
    private const int LinkType = 0xA000;
    private const int DirectoryType = 0x4000;
    private FileStamp? _lastStamp;

    /// <summary>The full path of <paramref name="path"/> under the root, or a rejection naming the path.</summary>
    public string Resolve(string path)
    {
        var problem = PathGuard.Problem(path);
        if (problem is not null)
        {
            throw new VersionRejectedException($"unsafe path '{ConfigPath.Printable(path)}': {problem}");
        }

        _lastStamp = null;
        var segments = path.Split('/');
        var current = root;
        string? real = realRoot;
        for (var i = 0; i < segments.Length && real is not null; i++)
        {
            var parentReal = real;
            current = Path.Combine(current, segments[i]);
            var last = i == segments.Length - 1;
            if (!last && _folders.TryGetValue(current, out var known))
            {
                real = known;
                continue;
            }

            real = Check(path, current, parentReal, segments[i]);
            if (!last)
            {
                _folders[current] = real;
            }
        }

        if (real is not null && _lastStamp is { } stamp
            && ((stamp.Mode & 0xF000) == DirectoryType || ((stamp.Mode & 0xF000) == LinkType && Directory.Exists(real))))
        {
            throw new VersionRejectedException($"path '{path}' is a directory on disk");
        }

        return Path.Combine(root, Path.Combine(segments));
    }

    /// <summary>The stamp of the path <see cref="Resolve"/> last resolved (a link not followed); null when it does not exist.</summary>
    public FileStamp? LastStamp => _lastStamp;

    /// <summary>The real path of one part, or null when nothing is on disk from here on (the writer creates real folders).</summary>
    private string? Check(string path, string current, string parentReal, string name)
    {
        // One statx, a link not followed: whether the part exists, is a link, or is a folder.
        _lastStamp = FileStamp.Of(current);
        if (_lastStamp is not { } stamp)
        {
            return null;
        }

        var isLink = (stamp.Mode & 0xF000) == LinkType;
        var real = isLink ? Posix.RealPath(current) : Path.Combine(parentReal, name);
        if (real is null || !PathGuard.IsUnder(real, realRoot))
        {
            throw new VersionRejectedException($"unsafe path '{path}': goes through symlink {current} that leaves the root");
        }

        if (PathGuard.IsUnder(real, _realState))
        {
            throw new VersionRejectedException(
                $"unsafe path '{path}': goes through symlink {current} into the follower's own {PathGuard.StateDirectory} folder");
        }

        return real;
    }
}
