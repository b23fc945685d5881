using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PryvBus.Shared.Settings;

/// <summary>How a key path is written in an error (<c>redis.configuration</c>, <c>followers[0].key</c>) and how a value is described.</summary>
public static class SettingsKeys
{
    public const string Root = "(root)";

    private const int MaxShown = 40;

    public static string Child(string path, string name) => path.Length == 0 ? Name(name) : path + "." + Name(name);

    public static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>A value echoed in an error (never a credential): control characters escaped, long text cut.</summary>
    public static string Printable(string text) => Escape(text, 80);

    /// <summary>
    /// A key as an operator finds it in the file: plain when made of letters, digits, '_', '-' and '$'; otherwise
    /// quoted like JSON (so a blank or odd key stays visible), control characters escaped and long names cut.
    /// </summary>
    public static string Name(string name) =>
        name.Length > 0 && name.Length <= MaxShown && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$')
            ? name
            : "\"" + Escape(name, MaxShown).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Escape(string name, int max)
    {
        var text = new StringBuilder();
        foreach (var c in name.Length > max ? name[..max] : name)
        {
            text.Append(char.IsControl(c) || char.IsSurrogate(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c);
        }

        return name.Length > max ? text.Append('…').ToString() : text.ToString();
    }

    /// <summary>What a value is, for "must be …, not {Describe}": its kind, or a short number.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.GetRawText() is { Length: <= 20 } number ? number : "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The declared key an unknown one most likely meant (at most a third of its letters off), or null.</summary>
    public static string? Closest(string unknown, IEnumerable<string> declared)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in declared)
        {
            var distance = Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 8 || a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
