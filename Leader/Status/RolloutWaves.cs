using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Status;

/// <summary>
/// The wave of each follower whose role has an active rollout (running, paused or halted), as the convergence table
/// shows it: <c>2/2 admitted</c>, <c>2/2 waiting</c> (not admitted yet) or <c>2/2 skipped</c> (timed out), followed by
/// the phase when the rollout is not running. A follower of a role without an active rollout has none.
/// </summary>
public static class RolloutWaves
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(IDatabase db, LeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (role, policy) in settings.Rollout)
        {
            var state = RolloutState.Parse(await db.HashGetAllAsync(settings.Keys.Rollout(role)));
            if (state is not { Phase: RolloutPhase.Running or RolloutPhase.Paused or RolloutPhase.Halted })
            {
                continue;
            }

            var waves = policy.Resolve([.. settings.Followers.Where(f => f.Role == role).Select(f => f.Id)]);
            var phase = state.Phase == RolloutPhase.Running ? string.Empty : ", " + state.Phase;
            for (var i = 0; i < waves.Count; i++)
            {
                foreach (var id in waves[i])
                {
                    var where = state.Skipped.Contains(id) ? "skipped" : i <= state.Wave ? "admitted" : "waiting";
                    result[id] = $"{i + 1}/{waves.Count} {where}{phase}";
                }
            }
        }

        return result;
    }
}
