using PryvBus.Leader.Publishing;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// Writes the signed admission of a role (<c>{prefix}:admission:{role}</c>): the version (generation, serial) and the
/// follower ids allowed to apply it, one signature per admitted follower with its own key
/// (<see cref="AdmissionSignature"/>); then publishes the version's config event so those followers wake up. The rollout
/// writes the same fields in the transaction of its state (<see cref="Entries"/>).
/// </summary>
public sealed class AdmissionWriter(IConnectionMultiplexer redis, RedisKeys keys)
{
    public async Task AdmitAsync(string role, long generation, long serial, IEnumerable<string> admitted, IReadOnlyList<FollowerEntry> followers)
    {
        var entries = Entries(role, generation, serial, admitted, followers);

        // One transaction: a follower never reads a mix of two admissions.
        var tx = redis.GetDatabase().CreateTransaction();
        _ = tx.KeyDeleteAsync(keys.Admission(role));
        _ = tx.HashSetAsync(keys.Admission(role), entries);
        await tx.ExecuteAsync();
        await PublishAsync(role, serial);
    }

    /// <summary>The fields of the admission: version, admitted ids, one signature per admitted follower of the role.</summary>
    public static HashEntry[] Entries(string role, long generation, long serial, IEnumerable<string> admitted, IReadOnlyList<FollowerEntry> followers)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        ArgumentNullException.ThrowIfNull(followers);
        var ids = admitted.Distinct(StringComparer.Ordinal).ToArray();
        var text = AdmissionSignature.FollowersText(ids);
        var entries = new List<HashEntry>
        {
            new(AdmissionFields.Generation, generation),
            new(AdmissionFields.Serial, serial),
            new(AdmissionFields.Followers, text),
        };
        foreach (var follower in followers.Where(f => f.Role == role && ids.Contains(f.Id, StringComparer.Ordinal)))
        {
            entries.Add(new(AdmissionFields.Signature(follower.Id), AdmissionSignature.Sign(follower.Key, role, generation, serial, follower.Id, text)));
        }

        return [.. entries];
    }

    /// <summary>Publishes the admitted version's config event, so the admitted followers wake up.</summary>
    public async Task PublishAsync(string role, long serial)
    {
        var sha = await redis.GetDatabase().HashGetAsync(keys.Meta(role, serial), MetaFields.Sha256);
        if (!sha.IsNull)
        {
            await new EventPublisher(redis, keys).PublishAsync(new ConfigEvent(role, serial, sha!));
        }
    }

    /// <summary>Removes the admission: the role's followers apply the current serial again, as without a policy.</summary>
    public Task ClearAsync(string role) => redis.GetDatabase().KeyDeleteAsync(keys.Admission(role));
}
