namespace PryvBus.Leader.Migration;

/// <summary>
/// The spans of object keys in JSON text (a string followed, after white space, by <c>:</c>), found by a lexical scan
/// that tolerates text that is not quite JSON: the importer never replaces inside them.
/// </summary>
public static class JsonKeys
{
    public static bool IsJsonPath(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hjson", StringComparison.OrdinalIgnoreCase);

    public static void Claim(string text, bool[] claimed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(claimed);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '"')
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && text[end] != '"' && text[end] != '\n')
            {
                end += text[end] == '\\' ? 2 : 1;
            }

            if (end >= text.Length || text[end] != '"')
            {
                i = end;
                continue;
            }

            var next = end + 1;
            while (next < text.Length && text[next] is ' ' or '\t' or '\r' or '\n')
            {
                next++;
            }

            if (next < text.Length && text[next] == ':')
            {
                claimed.AsSpan(i, end - i + 1).Fill(true);
            }

            i = end;
        }
    }
}
