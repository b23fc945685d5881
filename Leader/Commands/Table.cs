using System.Text;
using PryvBus.Shared.Logging;

namespace PryvBus.Leader.Commands;

/// <summary>
/// A plain-text table, columns padded to their widest cell: readable at a glance in a terminal. Every cell is escaped
/// as the log escapes text (<see cref="LogText.Escape"/>): cells hold what Redis, a follower or a file gave, and none
/// may clear the terminal, set its title, turn the line around or start a row of its own.
/// </summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _rows.Add(cells.Select(c => c is null ? "-" : LogText.Escape(Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? "-")).ToArray());
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r.ElementAtOrDefault(i)?.Length ?? 0))).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            text.AppendJoin("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).Append('\n');
        }

        return text.ToString();
    }
}
