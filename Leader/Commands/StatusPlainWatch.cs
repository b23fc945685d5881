using PryvBus.Leader.Status;
using PryvBus.Shared.Logging;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>status --watch</c> when the output is not a terminal (a pipe, a file, a CI log): one plain line each time a
/// follower's state changes (applied and current serial, generation, state, error; not the <c>updated</c> time, which
/// changes on every poll), as it happens, then the one-line summary.
/// </summary>
internal static class StatusPlainWatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(Func<Task<IReadOnlyList<FollowerConvergence>>> read, DateTime deadline, TextWriter output)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var rows = await read();
            foreach (var row in rows)
            {
                var line = Line(row);
                if (!last.TryGetValue(row.Id, out var previous) || previous != line)
                {
                    last[row.Id] = line;
                    await output.WriteLineAsync(line);
                }
            }

            await output.FlushAsync();
            var converged = rows.All(r => r.Converged);
            if (converged || DateTime.UtcNow >= deadline)
            {
                await output.WriteLineAsync(StatusCommand.Summary(rows));
                return converged ? 0 : 1;
            }

            await Task.Delay(Poll);
        }
    }

    /// <summary>"core-1 (core): applied 3 of 3, generation 1/1, lag 0, state ok, converged", what the follower wrote escaped.</summary>
    internal static string Line(FollowerConvergence row)
    {
        var cells = StatusCommand.Cells(row).Select(LogText.Escape).ToArray();
        var error = row.Error is null ? string.Empty : $", error: {cells[^1]}";
        var converged = row.Converged ? ", converged" : string.Empty;
        var wave = row.Wave is null ? string.Empty : $", wave {row.Wave}";
        return $"{cells[0]} ({cells[1]}): applied {cells[2]} of {cells[3]}, generation {cells[7]}, lag {cells[4]}, state {cells[5]}{wave}{converged}{error}";
    }
}
