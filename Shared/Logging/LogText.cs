using System.Globalization;
using System.Text;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Makes untrusted text safe for a one-line log: control characters (newlines, escape sequences, NUL), format
/// characters (bidirectional overrides, zero-width), line separators, unpaired surrogates and U+FFFD (what binary
/// turns into when decoded) are written as <c>\n</c>, <c>\xHH</c> or <c>\uHHHH</c>, and a backslash as <c>\\</c>, so
/// every escape reads one way only (a literal <c>\n</c> in the text is <c>\\n</c> in the log). Everything else is kept.
/// Escape once, where the text is written: escaping escaped text doubles its backslashes.
/// </summary>
public static class LogText
{
    public static string Escape(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        if (IsSafe(text) && !text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }

            if (!NeedsEscape(c))
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\\' => "\\\\",
                < '\u0100' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        return escaped.ToString();
    }

    /// <summary>
    /// True when the text can be written to a one-line log as it is: nothing that breaks the line or drives a terminal
    /// (a backslash is safe there; <see cref="Escape"/> still doubles it, so that escapes stay unambiguous).
    /// </summary>
    public static bool IsSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (IsUnsafe(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsEscape(char c) => c == '\\' || IsUnsafe(c);

    private static bool IsUnsafe(char c) => c == '\uFFFD' || char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
}
