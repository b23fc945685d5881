namespace PryvBus.Leader.Migration;

/// <summary>
/// The operator's choices for <c>import</c>: which name wins a value several names share (<c>--prefer</c>), which
/// names and files are left out (<c>--exclude</c>), which held-back values are templated anyway (<c>--replace</c>,
/// <c>--replace-common</c>), and whether existing templates are overwritten (<c>--force</c>).
/// </summary>
public sealed record ImportOptions(
    IReadOnlyList<string> Prefer,
    IReadOnlyList<string> Exclude,
    IReadOnlyList<string> Replace,
    bool ReplaceCommon,
    bool Force)
{
    public static ImportOptions None { get; } = new([], [], [], ReplaceCommon: false, Force: false);

    /// <summary>The setting an expression belongs to: <c>CORES</c> for <c>CORES[0].ip</c>.</summary>
    public static string RootOf(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var end = expression.IndexOfAny(['.', '[']);
        return end < 0 ? expression : expression[..end];
    }

    /// <summary>Whether a name given on the command line means this expression: the expression itself or its setting.</summary>
    public static bool Names(string name, string expression) =>
        string.Equals(name, expression, StringComparison.Ordinal) || string.Equals(name, RootOf(expression), StringComparison.Ordinal);
}
