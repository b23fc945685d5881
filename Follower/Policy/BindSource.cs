using PryvBus.Follower.Applying;
using PryvBus.Shared.Paths;

namespace PryvBus.Follower.Policy;

/// <summary>
/// Judges the host path of a bind mount (or of a file compose reads on the host: <c>env_file</c>, a secret's or config's
/// <c>file</c>) the way compose resolves it: relative to the compose file's folder, <c>.</c>, <c>..</c>, repeated and
/// trailing slashes resolved. Accepted: strictly below the config root and outside its state folder <c>.pryvbus</c>
/// (and, when the path exists, still there once symbolic links are followed), or in a folder the operator allowed.
/// </summary>
internal static class BindSource
{
    /// <summary>A full path without its trailing slashes (the root folder stays <c>/</c>).</summary>
    public static string Normalise(string full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var trimmed = full.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    /// <summary>The path compose would use; null when the file does not say it (<c>~</c>, <c>$</c>, a control character).</summary>
    public static string? Resolve(string source, string root)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(root);
        if (PolicyYaml.Interpolated(source) || source.StartsWith('~') || source.Any(char.IsControl))
        {
            return null;
        }

        return Normalise(Path.GetFullPath(source.StartsWith('/') ? source : root + "/" + source));
    }

    /// <summary>What is refused (the path as resolved, or as written) and how to allow it; null when the source is accepted.</summary>
    /// <param name="root">The config root, full and <see cref="Normalise">normalised</see>.</param>
    public static (string Path, string Allow)? Problem(string source, string root, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (Resolve(source, root) is not { } full)
        {
            return (PolicyYaml.Shown(source), PolicyHints.CannotJudge("compose would expand it (~ or $)"));
        }

        var state = root + "/" + ConfigPath.StateDirectory;
        if (full == root || full == state || Below(full, state))
        {
            return (full + ", the config root or its state folder", "mount a folder below the config root instead");
        }

        if (Below(full, root))
        {
            return LinkedOut(full, root) is { } real
                ? (full + ", which a symbolic link leads to " + PolicyYaml.Shown(real), "mount a folder that is not a symbolic link out of the config root")
                : null;
        }

        return allowed.Any(a => full == a || Below(full, a))
            ? null
            : (full, $"to allow it: composePolicy.allowedBindSources in this follower's settings; folders below the config root {root} are allowed");
    }

    private static bool Below(string path, string folder) => path.StartsWith(folder == "/" ? "/" : folder + "/", StringComparison.Ordinal);

    /// <summary>Where the deepest existing part of <paramref name="full"/> really is, when that is out of the root; else null.</summary>
    private static string? LinkedOut(string full, string root)
    {
        if (Posix.RealPath(root) is not { } realRoot)
        {
            // Nothing on disk yet (a first start): no link to follow.
            return null;
        }

        for (var path = full; path.Length > root.Length; path = Path.GetDirectoryName(path)!)
        {
            if (new FileInfo(path).LinkTarget is null && !Path.Exists(path))
            {
                continue;
            }

            var real = Posix.RealPath(path);
            var state = realRoot + "/" + ConfigPath.StateDirectory;
            return real is not null && Below(real, realRoot) && real != state && !Below(real, state) ? null : real ?? "nowhere (a dangling link)";
        }

        return null;
    }
}
