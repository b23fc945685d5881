using PryvBus.Leader.Status;
using PryvBus.Shared.Logging;
using Spectre.Console;
using SpectreTable = Spectre.Console.Table;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>status --watch</c> in a terminal: one table redrawn in place as followers converge (Spectre.Console live display),
/// then the one-line summary. Output that is not a terminal gets <see cref="StatusPlainWatch"/>.
/// </summary>
internal static class StatusLiveView
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static bool Applies(CommandArgs args, TextWriter output) =>
        args.Has("--watch") && !args.Has("--json") && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public static async Task<int> RunAsync(Func<Task<IReadOnlyList<FollowerConvergence>>> read, DateTime deadline)
    {
        var table = new SpectreTable().Border(TableBorder.Simple);
        foreach (var header in StatusCommand.Headers)
        {
            table.AddColumn(header);
        }

        var rows = await read();
        await AnsiConsole.Live(table).StartAsync(async live =>
        {
            while (true)
            {
                table.Rows.Clear();
                foreach (var row in rows)
                {
                    // Text, not markup: a follower's error may hold brackets; escaped: it may hold terminal escapes.
                    var style = row.Converged ? new Style(Color.Green) : Style.Plain;
                    table.AddRow(StatusCommand.Cells(row).Select(cell => new Text(LogText.Escape(cell), style)).ToArray());
                }

                live.Refresh();
                if (rows.All(r => r.Converged) || DateTime.UtcNow >= deadline)
                {
                    return;
                }

                await Task.Delay(Poll);
                rows = await read();
            }
        });
        AnsiConsole.Console.Profile.Out.Writer.WriteLine(StatusCommand.Summary(rows));
        return rows.All(r => r.Converged) ? 0 : 1;
    }
}
