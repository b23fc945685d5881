using System.Globalization;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>rollout status ROLE</c> (waves, who runs what, health, soak time left; <c>--json</c>) and
/// <c>rollout pause|resume|abort|promote ROLE</c>.
/// </summary>
public static class RolloutCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var action = args.Words[1];
        var role = CommandRoles.Require(settings, args, 2);
        if (action == "status")
        {
            return await StatusAsync(await RolloutView.ReadAsync(redis, settings, role), args.Has("--json"), output);
        }

        try
        {
            var state = await new RolloutControl(redis).ApplyAsync(settings, role, action);
            await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry($"rollout.{action}", Accounts.Actor.Cli(), Role: role, Detail: $"serial {state.Serial}: {state.Phase}"));
            await (args.Has("--json")
                ? CommandJson.WriteAsync(output, new RolloutActionOutput(role, action, state.Phase, state.Serial, state.Wave + 1), CommandsJsonContext.Default.RolloutActionOutput)
                : output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{role}: rollout of serial {state.Serial} is {state.Phase} (wave {state.Wave + 1})")));
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static async Task<int> StatusAsync(RolloutView view, bool json, TextWriter output)
    {
        if (json)
        {
            await CommandJson.WriteAsync(
                output,
                new RolloutStatusOutput(
                    view.Role,
                    view.State is not null || view.Waves.Count > 0,
                    view.State?.Phase,
                    view.State?.Serial,
                    view.State?.Generation,
                    view.State is null ? null : view.State.Wave + 1,
                    view.State?.Reason,
                    view.SoakLeftSeconds,
                    view.Waves),
                CommandsJsonContext.Default.RolloutStatusOutput);
            return 0;
        }

        if (view.State is null)
        {
            await output.WriteLineAsync(view.Waves.Count == 0 ? $"{view.Role}: no rollout policy (every version goes to all followers at once)" : $"{view.Role}: no rollout yet");
            return 0;
        }

        // The rollout hash and the followers' status are text from Redis: escaped as the log escapes it.
        var s = view.State;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{view.Role}: serial {s.Serial} (generation {s.Generation}) {LogText.Escape(s.Phase)}, wave {s.Wave + 1} of {view.Waves.Count}, soak left {view.SoakLeftSeconds} s{(s.Reason.Length > 0 ? ", " + LogText.Escape(s.Reason) : string.Empty)}"));
        foreach (var wave in view.Waves)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  wave {wave.Number} {(wave.Admitted ? "admitted" : "waiting")}"));
            foreach (var f in wave.Followers)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    {f.Id,-20} serial {f.Serial,-6} {LogText.Escape(f.State),-9} health {LogText.Escape(f.Health),-9} {(f.Healthy ? "healthy" : f.Skipped ? "skipped" : "-")}"));
            }
        }

        return 0;
    }
}
