using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// The rollout hash as one party read it: the state (null when none, or not a state this leader wrote) and its
/// revision (the <c>rev</c> field, raw; null before the first write). Every write of the driver and of an operator's
/// action is conditioned on the revision it read (<see cref="RolloutWriter"/>): a write in between makes it fail, never
/// overwritten.
/// </summary>
public sealed record RolloutSnapshot(RolloutState? State, RedisValue Revision)
{
    public const string RevisionField = "rev";

    public static async Task<RolloutSnapshot> ReadAsync(IDatabase db, RedisKey key)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entries = await db.HashGetAllAsync(key);
        var revision = entries.FirstOrDefault(e => e.Name == RevisionField).Value;
        return new RolloutSnapshot(RolloutState.Parse(entries), revision);
    }
}
