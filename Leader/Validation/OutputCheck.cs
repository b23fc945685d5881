namespace PryvBus.Leader.Validation;

/// <summary>
/// Which rendered files are parsed before a version is stored (<c>.json</c>, <c>.yml</c>, <c>.yaml</c>) and the check
/// itself. Other files are not read at all: a version without such files costs nothing more.
/// </summary>
public static class OutputCheck
{
    public static bool Applies(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return IsJson(relativePath) || IsYaml(relativePath);
    }

    /// <summary>Null when the rendered text parses (or is not a checked kind of file); otherwise where and why not.</summary>
    /// <param name="text">The rendered text, without a byte order mark.</param>
    /// <param name="utf8">The same text in UTF-8 (what is stored), without a byte order mark.</param>
    /// <param name="mask">Masks sensitive values and secrets in a message quoting the text, before it is cut short; null: none.</param>
    public static OutputProblem? Check(string relativePath, string text, ReadOnlySpan<byte> utf8, Func<string, string>? mask = null)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(text);
        return IsJson(relativePath) ? JsonOutput.Check(utf8, mask)
            : IsYaml(relativePath) ? YamlOutput.Check(text, mask)
            : null;
    }

    private static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static bool IsYaml(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
}
