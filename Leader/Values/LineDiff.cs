namespace PryvBus.Leader.Values;

/// <summary>A minimal line diff (longest common subsequence) for previews of config changes.</summary>
public static class LineDiff
{
    private const long MaxCells = 4_000_000;

    /// <summary>Lines prefixed "- " (old) and "+ " (new) with their line numbers; null when the files are too large to diff.</summary>
    public static IReadOnlyList<string>? Compute(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        string[] a = oldText.Length == 0 ? [] : oldText.Split('\n');
        string[] b = newText.Length == 0 ? [] : newText.Split('\n');
        if ((long)a.Length * b.Length > MaxCells)
        {
            return null;
        }

        // lcs[i, j] = length of the LCS of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                output.Add($"-{x + 1,5}: {a[x++]}");
            }
            else
            {
                output.Add($"+{y + 1,5}: {b[y++]}");
            }
        }

        return output;
    }
}
