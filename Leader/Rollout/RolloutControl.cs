using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// An operator's hand on a rollout: <c>pause</c> (no next wave), <c>resume</c> (a paused or halted rollout goes on; the
/// timeout starts again), <c>abort</c> (stops where it is; the admission stays), <c>promote</c> (every follower admitted
/// now). Each is one state change, logged and published like the driver's.
/// </summary>
public sealed class RolloutControl(IConnectionMultiplexer redis, ILogger? logger = null, TimeProvider? time = null, IRolloutObserver? observer = null)
{
    public static readonly IReadOnlyList<string> Actions = ["pause", "resume", "abort", "promote"];

    /// <exception cref="InvalidOperationException">No policy, no rollout, or the action does not apply to its phase.</exception>
    public async Task<RolloutState> ApplyAsync(LeaderSettings settings, string role, string action)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Rollout.TryGetValue(role, out var policy))
        {
            throw new InvalidOperationException($"role '{role}' has no rollout policy (the rollout section of the settings)");
        }

        var waves = policy.Resolve([.. settings.Followers.Where(f => f.Role == role).Select(f => f.Id)]);
        var state = RolloutState.Parse(await redis.GetDatabase().HashGetAllAsync(settings.Keys.Rollout(role)))
            ?? throw new InvalidOperationException($"role '{role}' has no rollout yet");
        var writer = new RolloutWriter(redis, settings, role, waves, logger ?? NullLogger.Instance, observer);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        RolloutState next = (action, state.Phase) switch
        {
            ("pause", RolloutPhase.Running) => state with { Phase = RolloutPhase.Paused },
            ("resume", RolloutPhase.Paused or RolloutPhase.Halted) => state with { Phase = RolloutPhase.Running, WaveAdmittedMs = now, WaveHealthyMs = 0, Reason = string.Empty },
            ("abort", RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.Halted) => state with { Phase = RolloutPhase.Aborted },
            ("promote", RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.Halted or RolloutPhase.Aborted) =>
                state with { Phase = RolloutPhase.Done, Wave = waves.Count - 1, LastGood = state.Serial },
            _ when !Actions.Contains(action) => throw new InvalidOperationException($"unknown action '{action}' (one of {string.Join(", ", Actions)})"),
            _ => throw new InvalidOperationException($"cannot {action} the rollout of '{role}': it is {state.Phase}"),
        };

        if (action == "promote")
        {
            await writer.AdmitAllAsync(next, "promoted");
        }
        else
        {
            await writer.SaveAsync(next, action == "abort" ? "aborted" : action + "d", "by an operator");
        }

        return next;
    }
}
