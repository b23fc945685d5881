using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// Holds a role under a rollout policy before one of its versions is stored: when the role has no admission (its first
/// version, Redis lost its data, someone deleted the key), writes one that admits no follower, naming the version before
/// it. A follower that never saw an admission (a fresh one, or one restarted meanwhile) then waits for the rollout's
/// first wave (<c>Rollout/RolloutDriver</c>, which replaces the admission) instead of applying at once. An existing
/// admission is left as it is: the write is conditioned on the key's absence.
/// </summary>
public static class RolloutHold
{
    public static async Task HoldAsync(IConnectionMultiplexer redis, RedisKeys keys, string role, long generation, long serial)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        var tx = redis.GetDatabase().CreateTransaction();
        tx.AddCondition(Condition.KeyNotExists(keys.Admission(role)));
        _ = tx.HashSetAsync(keys.Admission(role), [
            new(AdmissionFields.Generation, Math.Max(1, generation)),
            new(AdmissionFields.Serial, Math.Max(1, serial)),
            new(AdmissionFields.Followers, string.Empty),
        ]);
        await tx.ExecuteAsync();
    }
}
