using System.Globalization;
using System.Text;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>The benchmark's one table (metric, value, goal, met?) and the notes under it, as markdown.</summary>
internal sealed class ResultTable
{
    private readonly List<(string Metric, string Value, string Goal, bool? Met)> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(string metric, string value, string goal = "", bool? met = null) => _rows.Add((metric, value, goal, met));

    public void Note(string note) => _notes.Add(note);

    public static string Ms(double milliseconds) => milliseconds switch
    {
        double.NaN => "n/a",
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:F2} ms"),
        < 100 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:F1} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:F0} ms"),
    };

    public static string Bytes(double bytes) => bytes switch
    {
        < 10 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:F0} B"),
        < 10 * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024 / 1024:F1} MiB"),
    };

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| metric | value | goal | met? |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (metric, value, goal, met) in _rows)
        {
            var mark = met switch { true => "yes", false => "**no**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {value} | {goal} | {mark} |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return text.ToString();
    }
}
