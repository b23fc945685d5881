using System.Globalization;
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
/// line, one <see cref="RolloutEvent"/> on the channel and one observer call (metrics). The state and the admission are
/// written in one transaction conditioned on the revision read (<paramref name="revision"/>): when the driver or an
/// operator wrote in between, nothing is written and the write returns false (the caller reads again and decides anew).
/// </summary>
internal sealed class RolloutWriter(
    IConnectionMultiplexer redis, LeaderSettings settings, string role, IReadOnlyList<IReadOnlyList<string>> waves, ILogger logger, IRolloutObserver? observer,
    RedisValue revision)
{
    private readonly RedisKeys _keys = settings.Keys;
    private RedisValue _revision = revision;

    public Task<bool> StartAsync(long generation, long serial, long lastGood, long now, string transition)
    {
        var state = new RolloutState(generation, serial, 0, RolloutPhase.Running, now, 0, lastGood, 0, [], string.Empty);
        return AdmitWaveAsync(state, transition);
    }

    /// <summary>Admits waves 1 to <c>state.Wave</c> for <c>state.Serial</c> and saves the state, in one transaction.</summary>
    public Task<bool> AdmitWaveAsync(RolloutState state, string transition) =>
        CommitAsync(state, waves.Take(state.Wave + 1).SelectMany(w => w), transition, string.Join(", ", waves[Math.Min(state.Wave, waves.Count - 1)]));

    public Task<bool> AdmitAllAsync(RolloutState state, string transition) =>
        CommitAsync(state, waves.SelectMany(w => w), transition, "every follower");

    public Task<bool> SaveAsync(RolloutState state, string? transition = null, string detail = "") =>
        CommitAsync(state, null, transition, detail);

    private async Task<bool> CommitAsync(RolloutState state, IEnumerable<string>? admitted, string? transition, string detail)
    {
        var key = _keys.Rollout(role);
        var next = (long.TryParse((string?)_revision, NumberStyles.None, CultureInfo.InvariantCulture, out var read) && read < long.MaxValue ? read : 0) + 1;
        var tx = redis.GetDatabase().CreateTransaction();
        tx.AddCondition(_revision.IsNull ? Condition.HashNotExists(key, RolloutSnapshot.RevisionField) : Condition.HashEqual(key, RolloutSnapshot.RevisionField, _revision));
        if (admitted is not null)
        {
            _ = tx.KeyDeleteAsync(_keys.Admission(role));
            _ = tx.HashSetAsync(_keys.Admission(role), AdmissionWriter.Entries(role, state.Generation, state.Serial, admitted, settings.Followers));
        }

        _ = tx.HashSetAsync(key, [.. state.ToEntries(), new(RolloutSnapshot.RevisionField, next)]);
        if (!await tx.ExecuteAsync())
        {
            RolloutLog.Conflict(logger, role, state.Serial, transition ?? "save");
            return false;
        }

        _revision = next;
        if (admitted is not null)
        {
            await new AdmissionWriter(redis, _keys).PublishAsync(role, state.Serial);
        }

        if (transition is null)
        {
            return true;
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
        return true;
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
