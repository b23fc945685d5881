using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>What <c>rollout status ROLE</c> shows: the phase, the waves and who runs what, and the soak time left.</summary>
public sealed record RolloutView(string Role, RolloutState? State, IReadOnlyList<RolloutWaveView> Waves, long SoakLeftSeconds)
{
    public static async Task<RolloutView> ReadAsync(IConnectionMultiplexer redis, LeaderSettings settings, string role, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Rollout.TryGetValue(role, out var policy))
        {
            return new RolloutView(role, null, [], 0);
        }

        var db = redis.GetDatabase();
        var state = RolloutState.Parse(await db.HashGetAllAsync(settings.Keys.Rollout(role)));
        var waves = policy.Resolve([.. settings.Followers.Where(f => f.Role == role).Select(f => f.Id)]);
        var result = new List<RolloutWaveView>();
        for (var i = 0; i < waves.Count; i++)
        {
            var followers = new List<RolloutFollowerView>();
            foreach (var id in waves[i])
            {
                var report = FollowerReport.Parse(await db.HashGetAllAsync(settings.Keys.Follower(id)));
                var healthy = state is not null && report is not null && report.Healthy(state.Generation, state.Serial, out _);
                followers.Add(new RolloutFollowerView(id, report?.Serial ?? 0, report?.State ?? "unseen", report?.Health ?? "-", healthy,
                    state?.Skipped.Contains(id) == true));
            }

            result.Add(new RolloutWaveView(i + 1, state is not null && i <= state.Wave, followers));
        }

        var soakLeft = 0L;
        if (state is { Phase: RolloutPhase.Running, WaveHealthyMs: > 0 })
        {
            var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
            soakLeft = Math.Max(0, ((state.WaveHealthyMs + (policy.SoakSeconds * 1000L)) - now + 999) / 1000);
        }

        return new RolloutView(role, state, result, soakLeft);
    }
}
