using PryvBus.Follower.Fetching;
using PryvBus.Shared.Paths;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Paths from Redis are untrusted. The text must pass the shared rule (<see cref="ConfigPath"/>, the one the leader
/// applies when it renders); on disk, no part of the path may lead, through any symlink (in the root or not), out of
/// the root or into the follower's own <c>.pryvbus/</c> folder.
/// </summary>
internal static class PathGuard
{
    public const string StateDirectory = ConfigPath.StateDirectory;
    public const string TempMarker = ConfigPath.TempMarker;

    /// <summary>What is wrong with the path's text; null when it is acceptable.</summary>
    public static string? Problem(string path) => ConfigPath.Problem(path);

    /// <summary>The full path of a relative path under the root, or a rejection naming the path.</summary>
    /// <param name="root">The configuration root as configured.</param>
    /// <param name="realRoot">Its real path (every link resolved).</param>
    /// <param name="path">The relative path from the version.</param>
    public static string Resolve(string root, string realRoot, string path)
    {
        var problem = Problem(path);
        if (problem is not null)
        {
            throw new VersionRejectedException($"unsafe path '{ConfigPath.Printable(path)}': {problem}");
        }

        var realState = Posix.RealPath(Path.Combine(root, StateDirectory)) ?? Path.Combine(realRoot, StateDirectory);
        var segments = path.Split('/');
        var current = root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            var isLink = new FileInfo(current).LinkTarget is not null;
            if (!isLink && !Path.Exists(current))
            {
                // Nothing on disk from here on: the writer creates real folders below a part already checked.
                break;
            }

            // Every existing part is resolved, link or not: a route through a link anywhere above lands here too.
            var real = Posix.RealPath(current);
            if (real is null || !IsUnder(real, realRoot))
            {
                throw new VersionRejectedException($"unsafe path '{path}': goes through symlink {current} that leaves the root");
            }

            if (IsUnder(real, realState))
            {
                throw new VersionRejectedException(
                    $"unsafe path '{path}': goes through symlink {current} into the follower's own {StateDirectory} folder");
            }
        }

        if (Directory.Exists(current))
        {
            throw new VersionRejectedException($"path '{path}' is a directory on disk");
        }

        return Path.Combine(root, Path.Combine(segments));
    }

    public static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
}
