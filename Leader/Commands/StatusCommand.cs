using System.Globalization;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>status [--json] [--watch [--timeout S]]</c>: every declared follower against its role's current serial.
/// Exit code 0 only when every follower runs the current serial.
/// </summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var reader = new ConvergenceReader(redis);
        var timeout = TimeSpan.FromSeconds(double.Parse(args.Option("--timeout") ?? "60", System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow + timeout;
        if (StatusLiveView.Applies(args, output))
        {
            return await StatusLiveView.RunAsync(() => reader.ReadAsync(settings), deadline);
        }

        if (args.Has("--watch") && !args.Has("--json"))
        {
            return await StatusPlainWatch.RunAsync(() => reader.ReadAsync(settings), deadline, output);
        }

        while (true)
        {
            var rows = await reader.ReadAsync(settings);
            var converged = rows.All(r => r.Converged);
            if (!args.Has("--watch") || converged || DateTime.UtcNow >= deadline)
            {
                await WriteAsync(rows, args.Has("--json"), output);
                return converged ? 0 : 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task WriteAsync(IReadOnlyList<FollowerConvergence> rows, bool json, TextWriter output)
    {
        if (json)
        {
            await CommandJson.WriteAsync(
                output,
                rows.Select(r => new StatusRowOutput(
                    r.Id, r.Role, r.Applied, r.Current, r.AppliedGeneration, r.CurrentGeneration, r.Lag, r.State, r.Updated, r.Error, r.Host, r.Converged, r.Compose, r.Wave)),
                CommandsJsonContext.Default.IEnumerableStatusRowOutput);
            return;
        }

        var table = new Table([.. Headers]);
        foreach (var r in rows)
        {
            table.Add(Cells(r));
        }

        await output.WriteAsync(table.ToString());
        await output.WriteLineAsync(Summary(rows));
    }

    internal static IReadOnlyList<string> Headers { get; } = ["FOLLOWER", "ROLE", "APPLIED", "CURRENT", "LAG", "STATE", "UPDATED", "GENERATION", "WAVE", "ERROR"];

    internal static string[] Cells(FollowerConvergence r)
    {
        // Applied/store generation: a serial counts only within its generation.
        var generation = $"{r.AppliedGeneration?.ToString(CultureInfo.InvariantCulture) ?? "-"}/{r.CurrentGeneration?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
        // A compose step that failed or waits (pryv.yml services not brought up) shows beside the error.
        var error = r.ComposeTrouble ? string.Join("; ", new[] { r.Error, "compose " + r.Compose }.Where(e => !string.IsNullOrEmpty(e))) : r.Error ?? string.Empty;
        // The error stays last: the longest cell.
        object?[] cells = [r.Id, r.Role, r.Applied, r.Current, r.Lag, r.State, r.Updated, generation, r.Wave, error];
        return cells.Select(c => c is null ? "-" : Convert.ToString(c, CultureInfo.InvariantCulture) ?? "-").ToArray();
    }

    internal static string Summary(IReadOnlyList<FollowerConvergence> rows)
    {
        var behind = rows.Count(r => !r.Converged);
        return behind == 0 ? $"all {rows.Count} follower(s) converged" : $"{behind} of {rows.Count} follower(s) not converged";
    }
}
