using Microsoft.Extensions.Logging;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// The writes of one rollout step: the state hash, the signed admission, the pin, and for every transition one log
/// line, one <see cref="RolloutEvent"/> on the channel and one observer call (metrics).
/// </summary>
internal sealed class RolloutWriter(
    IConnectionMultiplexer redis, LeaderSettings settings, string role, IReadOnlyList<IReadOnlyList<string>> waves, ILogger logger, IRolloutObserver? observer)
{
    private readonly RedisKeys _keys = settings.Keys;

    public async Task StartAsync(long generation, long serial, long lastGood, long now, string transition)
    {
        var state = new RolloutState(generation, serial, 0, RolloutPhase.Running, now, 0, lastGood, 0, [], string.Empty);
        await AdmitWaveAsync(state, transition);
    }

    /// <summary>Admits waves 1 to <c>state.Wave</c> for <c>state.Serial</c>, then saves the state.</summary>
    public async Task AdmitWaveAsync(RolloutState state, string transition)
    {
        var admitted = waves.Take(state.Wave + 1).SelectMany(w => w);
        await new AdmissionWriter(redis, _keys).AdmitAsync(role, state.Generation, state.Serial, admitted, settings.Followers);
        await SaveAsync(state, transition, string.Join(", ", waves[Math.Min(state.Wave, waves.Count - 1)]));
    }

    public async Task AdmitAllAsync(RolloutState state, string transition)
    {
        await new AdmissionWriter(redis, _keys).AdmitAsync(role, state.Generation, state.Serial, waves.SelectMany(w => w), settings.Followers);
        await SaveAsync(state, transition, "every follower");
    }

    public async Task SaveAsync(RolloutState state, string? transition = null, string detail = "")
    {
        await redis.GetDatabase().HashSetAsync(_keys.Rollout(role), state.ToEntries());
        if (transition is null)
        {
            return;
        }

        if (state.Phase == RolloutPhase.Halted)
        {
            RolloutLog.Halted(logger, role, state.Serial, detail);
        }
        else
        {
            RolloutLog.Changed(logger, role, state.Serial, transition, state.Wave + 1, waves.Count, detail);
        }

        observer?.Transition(role, transition);
        await new EventPublisher(redis, _keys).PublishAsync(new RolloutEvent(role, state.Serial, transition, state.Phase, state.Wave + 1, detail));
    }

    public async Task<Dictionary<string, FollowerReport?>> ReportsAsync(IEnumerable<string> ids)
    {
        var db = redis.GetDatabase();
        var result = new Dictionary<string, FollowerReport?>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            result[id] = FollowerReport.Parse(await db.HashGetAllAsync(_keys.Follower(id)));
        }

        return result;
    }

    /// <summary>Pins the role to <paramref name="lastGood"/> (the <c>rollback</c> mechanism); the new serial it created.</summary>
    public async Task<long> PinAsync(long lastGood) => (await new Rollback(redis, settings, logger).RollbackAsync(role, lastGood)).Serial;
}
