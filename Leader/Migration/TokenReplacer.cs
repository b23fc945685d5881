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

    public static TokenReplacement Replace(string text, IReadOnlyList<ImportValue> values) => Replace(text, values, json: false);

    /// <summary>
    /// As above; in JSON text (<paramref name="json"/>) object keys are never replaced. Values with a
    /// <see cref="ImportValue.Hold"/> are counted, not replaced; numbers and booleans only count in value positions;
    /// a value inside a longer token is a near miss.
    /// </summary>
    public static TokenReplacement Replace(string text, IReadOnlyList<ImportValue> values, bool json)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var claimed = new bool[text.Length];
        var edits = new List<(int Start, int Length, string Replacement)>();
        var escapes = ClaimEscapes(text, claimed, edits);
        if (json)
        {
            JsonKeys.Claim(text, claimed);
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var nearMisses = new List<NearMiss>();

        var ordered = values.Where(v => v.Value.Length > 0)
            .OrderByDescending(v => v.Value.Length).ThenBy(v => v.Expression, StringComparer.Ordinal);
        foreach (var value in ordered)
        {
            for (var at = text.IndexOf(value.Value, StringComparison.Ordinal); at >= 0;
                 at = text.IndexOf(value.Value, at + 1, StringComparison.Ordinal))
            {
                if (claimed.AsSpan(at, value.Value.Length).Contains(true))
                {
                    continue;
                }

                if (!IsWholeToken(text, at, value.Value.Length))
                {
                    if (value.Hold is null && !value.ValuePositionOnly && IsNearMiss(text, at, value.Value.Length))
                    {
                        nearMisses.Add(new NearMiss(LineOf(text, at), TokenAround(text, at, value.Value.Length), value.Expression));
                    }

                    continue;
                }

                if (value.ValuePositionOnly && !ValuePositions.IsValuePosition(text, at, value.Value.Length))
                {
                    continue;
                }

                claimed.AsSpan(at, value.Value.Length).Fill(true);
                if (value.Hold is not null)
                {
                    held[value.Expression] = held.GetValueOrDefault(value.Expression) + 1;
                    continue;
                }

                edits.Add((at, value.Value.Length, value.Template));
                counts[value.Expression] = counts.GetValueOrDefault(value.Expression) + 1;
            }
        }

        return new TokenReplacement(Apply(text, edits), counts, escapes) { Held = held, NearMisses = nearMisses };
    }

    public static bool IsWholeToken(string text, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = start + length;
        return (start == 0 || !IsTokenCharacter(text[start - 1])) && (end == text.Length || !IsTokenCharacter(text[end]));
    }

    /// <summary>A value joined to letters, <c>-</c> or <c>_</c> (not a digit continuing a number: <c>10.0.0.12</c> is another address).</summary>
    private static bool IsNearMiss(string text, int start, int length)
    {
        var end = start + length;
        var before = start > 0 && IsTokenCharacter(text[start - 1]) && !(char.IsAsciiDigit(text[start - 1]) && char.IsAsciiDigit(text[start]));
        var after = end < text.Length && IsTokenCharacter(text[end]) && !(char.IsAsciiDigit(text[end]) && char.IsAsciiDigit(text[end - 1]));
        return before || after;
    }

    private static string TokenAround(string text, int start, int length)
    {
        bool Part(char c) => IsTokenCharacter(c) || c == '.';
        var from = start;
        while (from > 0 && Part(text[from - 1]) && start - from < 80)
        {
            from--;
        }

        var to = start + length;
        while (to < text.Length && Part(text[to]) && to - start < 160)
        {
            to++;
        }

        return text[from..to];
    }

    private static int LineOf(string text, int position) => text.AsSpan(0, position).Count('\n') + 1;

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
