using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// An operator's hand on a rollout: <c>pause</c> (no next wave), <c>resume</c> (a paused or halted rollout goes on; the
/// timeout starts again), <c>abort</c> (stops where it is; the admission stays), <c>promote</c> (every follower admitted
/// now). Each is one state change, logged and published like the driver's, written only over the state it was decided
/// from (<see cref="RolloutSnapshot"/>): it never overwrites a driver step, and never changes a finished rollout.
/// </summary>
public sealed class RolloutControl(IConnectionMultiplexer redis, ILogger? logger = null, TimeProvider? time = null, IRolloutObserver? observer = null)
{
    public static readonly IReadOnlyList<string> Actions = ["pause", "resume", "abort", "promote"];
    private const int MaxAttempts = 5;

    /// <exception cref="InvalidOperationException">No policy, no rollout, or the action does not apply to its phase.</exception>
    public async Task<RolloutState> ApplyAsync(LeaderSettings settings, string role, string action)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Rollout.TryGetValue(role, out var policy))
        {
            throw new InvalidOperationException($"role '{role}' has no rollout policy (the rollout section of the settings)");
        }

        var waves = policy.Resolve([.. settings.Followers.Where(f => f.Role == role).Select(f => f.Id)]);
        for (var attempt = 1; ; attempt++)
        {
            // Read, decide, write only if the state is still the one read: a driver step in between makes the action
            // decided again from the new state (it may no longer apply: a finished rollout is never changed).
            var (read, revision) = await RolloutSnapshot.ReadAsync(redis.GetDatabase(), settings.Keys.Rollout(role));
            var state = read ?? throw new InvalidOperationException($"role '{role}' has no rollout yet");
            var writer = new RolloutWriter(redis, settings, role, waves, logger ?? NullLogger.Instance, observer, revision);
            var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
            var next = Decide(role, action, state, waves.Count, now);
            var written = action == "promote"
                ? await writer.AdmitAllAsync(next, "promoted")
                : await writer.SaveAsync(next, action == "abort" ? "aborted" : action + "d", "by an operator");
            if (written)
            {
                return next;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"the rollout of '{role}' kept changing while '{action}' was applied; try again");
            }
        }
    }

    private static RolloutState Decide(string role, string action, RolloutState state, int waves, long now) => (action, state.Phase) switch
    {
        ("pause", RolloutPhase.Running) => state with { Phase = RolloutPhase.Paused },
        ("resume", RolloutPhase.Paused or RolloutPhase.Halted) => state with { Phase = RolloutPhase.Running, WaveAdmittedMs = now, WaveHealthyMs = 0, Reason = string.Empty },
        ("abort", RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.Halted) => state with { Phase = RolloutPhase.Aborted },
        ("promote", RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.Halted or RolloutPhase.Aborted) =>
            state with { Phase = RolloutPhase.Done, Wave = waves - 1, LastGood = state.Serial },
        _ when !Actions.Contains(action) => throw new InvalidOperationException($"unknown action '{action}' (one of {string.Join(", ", Actions)})"),
        _ => throw new InvalidOperationException($"cannot {action} the rollout of '{role}': it is {state.Phase}"),
    };
}
