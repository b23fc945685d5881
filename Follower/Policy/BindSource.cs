namespace PryvBus.Follower.Policy;

/// <summary>
/// Judges the host path of a bind mount (or of a file compose reads on the host) the way compose resolves it: relative
/// to the compose file's folder, <c>.</c>, <c>..</c>, repeated and trailing slashes resolved. Inside means strictly
/// below the config root and outside its state folder <c>.pryvbus</c>, or below a folder the operator allowed.
/// </summary>
internal static class BindSource
{
    /// <summary>The absolute path compose would use for <paramref name="source"/>; null when it cannot be known here (<c>~</c>, <c>$</c>).</summary>
    public static string? Resolve(string source, string root)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(root);
        return null;
    }

    /// <summary>A full path without its trailing slashes (the root folder stays <c>/</c>).</summary>
    public static string Normalise(string full) => full.Length > 1 ? full.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/" : full;

    /// <summary>Why <paramref name="source"/> may not be mounted; null when it may.</summary>
    public static string? Problem(string source, string root, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return Resolve(source, root) is null ? null : null;
    }
}
