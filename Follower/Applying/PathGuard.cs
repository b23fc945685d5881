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
        using var resolver = new PathResolver(root, realRoot);
        return resolver.Resolve(path);
    }

    public static bool IsUnder(string path, string root) => IsUnder(path.AsSpan(), root);

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (nothing allocated).</summary>
    public static bool IsUnder(ReadOnlySpan<char> path, string root) =>
        path.StartsWith(root, StringComparison.Ordinal)
        && (path.Length == root.Length || root.EndsWith('/') || path[root.Length] == '/');
}
