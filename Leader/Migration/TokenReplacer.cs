namespace PryvBus.Leader.Migration;

/// <summary>
/// Turns an old config file into a template: whole-token occurrences of platform values become <c>{{ NAME }}</c>.
/// A token character is an ASCII letter, digit, <c>_</c> or <c>-</c>; a match counts only when the characters just
/// before and just after it are not token characters (or are the start/end of the text). Everything else
/// (<c>.</c>, <c>/</c>, <c>:</c>, <c>@</c>, quotes, spaces…) separates, so <c>pryv.me</c> matches inside
/// <c>api.pryv.me</c> and <c>https://pryv.me/</c> but not inside <c>pryv.meta</c>, <c>my-pryv.me</c> or <c>10.0.0.12</c> for
/// <c>10.0.0.1</c>. Longer values are matched first and a character is replaced at most once. Literal <c>{{</c> and
/// <c>{%{</c> of the old file are escaped (<c>{{ "{{" }}</c>) so the template renders back to the original text.
/// </summary>
public static class TokenReplacer
{
    public static bool IsTokenCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    public static TokenReplacement Replace(string text, IReadOnlyList<ImportValue> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var claimed = new bool[text.Length];
        var edits = new List<(int Start, int Length, string Replacement)>();
        var escapes = ClaimEscapes(text, claimed, edits);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);

        var ordered = values.Where(v => v.Value.Length > 0)
            .OrderByDescending(v => v.Value.Length).ThenBy(v => v.Expression, StringComparer.Ordinal);
        foreach (var value in ordered)
        {
            for (var at = text.IndexOf(value.Value, StringComparison.Ordinal); at >= 0;
                 at = text.IndexOf(value.Value, at + 1, StringComparison.Ordinal))
            {
                if (!IsWholeToken(text, at, value.Value.Length) || claimed.AsSpan(at, value.Value.Length).Contains(true))
                {
                    continue;
                }

                claimed.AsSpan(at, value.Value.Length).Fill(true);
                edits.Add((at, value.Value.Length, value.Template));
                counts[value.Expression] = counts.GetValueOrDefault(value.Expression) + 1;
            }
        }

        return new TokenReplacement(Apply(text, edits), counts, escapes);
    }

    public static bool IsWholeToken(string text, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = start + length;
        return (start == 0 || !IsTokenCharacter(text[start - 1])) && (end == text.Length || !IsTokenCharacter(text[end]));
    }

    /// <summary>Escapes what Scriban would read as code (<c>{{</c>) or as a raw block (<c>{%{</c>).</summary>
    private static int ClaimEscapes(string text, bool[] claimed, List<(int Start, int Length, string Replacement)> edits)
    {
        var escapes = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            var marker = text.AsSpan(i).StartsWith("{%{", StringComparison.Ordinal) ? "{%{"
                : text.AsSpan(i).StartsWith("{{", StringComparison.Ordinal) ? "{{" : null;
            if (marker is null)
            {
                continue;
            }

            claimed.AsSpan(i, marker.Length).Fill(true);
            edits.Add((i, marker.Length, "{{ \"" + marker + "\" }}"));
            escapes++;
            i += marker.Length - 1;
        }

        return escapes;
    }

    private static string Apply(string text, List<(int Start, int Length, string Replacement)> edits)
    {
        if (edits.Count == 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length + (edits.Count * 8));
        var position = 0;
        foreach (var (start, length, replacement) in edits.OrderBy(e => e.Start))
        {
            result.Append(text, position, start - position).Append(replacement);
            position = start + length;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }
}
