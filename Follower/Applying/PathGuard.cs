using PryvBus.Follower.Fetching;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Paths from Redis are untrusted. A path is relative, '/'-separated, without empty, '.' or '..' segments,
/// backslashes, NUL or control characters, outside the follower's own <c>.pryvbus/</c> folder, and does not go
/// through a symlink that leaves the root.
/// </summary>
internal static class PathGuard
{
    public const string StateDirectory = ".pryvbus";
    public const string TempMarker = ".pryvbus-tmp-";
    private const int MaxLength = 1024;

    /// <summary>What is wrong with the path's text; null when it is acceptable.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "empty path";
        }

        if (path.Length > MaxLength)
        {
            return "path too long";
        }

        if (path.Any(char.IsControl))
        {
            return "NUL or control character";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "backslash";
        }

        if (path.StartsWith('/'))
        {
            return "absolute path";
        }

        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return "empty segment";
        }

        if (segments.Any(s => s is "." or ".."))
        {
            return "'.' or '..' segment";
        }

        if (segments[0] == StateDirectory || segments.Any(s => s.Contains(TempMarker, StringComparison.Ordinal)))
        {
            return "name reserved by the follower";
        }

        return null;
    }

    /// <summary>The full path of a relative path under the root, or a rejection naming the path.</summary>
    public static string Resolve(string root, string realRoot, string path)
    {
        var problem = Problem(path);
        if (problem is not null)
        {
            throw new VersionRejectedException($"unsafe path '{Printable(path)}': {problem}");
        }

        var segments = path.Split('/');
        var current = root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            string? link;
            try
            {
                link = new FileInfo(current).LinkTarget;
            }
            catch (IOException)
            {
                break;
            }

            if (link is null)
            {
                continue;
            }

            var real = Posix.RealPath(current);
            if (real is null || !IsUnder(real, realRoot))
            {
                throw new VersionRejectedException($"unsafe path '{path}': goes through symlink {current} that leaves the root");
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

    private static string Printable(string path) =>
        new(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
