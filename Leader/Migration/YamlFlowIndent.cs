using System.Text;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Pryv's <c>platform.yml</c> continues quoted descriptions on lines indented like their key, which js-yaml (Pryv's
/// parser) accepts and YamlDotNet refuses. The continuation lines of a quoted scalar are indented two more spaces
/// before parsing: leading white space of such lines is folded away, so the value read is the same.
/// </summary>
internal static class YamlFlowIndent
{
    public static string Fix(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length + 256);
        char? open = null;
        foreach (var line in text.Split('\n'))
        {
            if (open is not null && line.Trim().Length > 0)
            {
                output.Append("  ");
            }

            output.Append(line).Append('\n');
            open = Scan(line, open);
        }

        return output.ToString(0, output.Length - 1);
    }

    /// <summary>The quote still open at the end of the line, given the one open at its start.</summary>
    private static char? Scan(string line, char? open)
    {
        var i = 0;
        if (open is null)
        {
            // A quoted scalar starts after "key: " or "- " and runs to its closing quote.
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var dash = line.TrimStart().StartsWith("- ", StringComparison.Ordinal) ? line.IndexOf("- ", StringComparison.Ordinal) : -1;
            var start = colon >= 0 ? colon + 2 : dash >= 0 ? dash + 2 : -1;
            if (start < 0)
            {
                return null;
            }

            while (start < line.Length && line[start] == ' ')
            {
                start++;
            }

            if (start >= line.Length || line[start] is not ('"' or '\''))
            {
                return null;
            }

            open = line[start];
            i = start + 1;
        }

        for (; i < line.Length; i++)
        {
            if (open == '"' && line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == open)
            {
                if (open == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return null;
            }
        }

        return open;
    }
}
