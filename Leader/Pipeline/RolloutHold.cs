using PryvBus.Leader.Settings;
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
    /// <summary>Holds <paramref name="role"/> when the settings give it a rollout policy; otherwise does nothing.</summary>
    public static async Task HoldAsync(IConnectionMultiplexer redis, LeaderSettings settings, string role, Versions.ISerialLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ledger);
        if (!settings.Rollout.ContainsKey(role))
        {
            return;
        }

        var tx = redis.GetDatabase().CreateTransaction();
        tx.AddCondition(Condition.KeyNotExists(settings.Keys.Admission(role)));
        _ = tx.HashSetAsync(settings.Keys.Admission(role), [
            new(AdmissionFields.Generation, Math.Max(1, ledger.Generation)),
            new(AdmissionFields.Serial, Math.Max(1, ledger.HighestStored(role))),
            new(AdmissionFields.Followers, string.Empty),
        ]);
        await tx.ExecuteAsync();
    }
}
