using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.State;

/// <summary>
/// Writes a backup back: the secrets into the state folder first, then everything into Redis in one transaction.
/// Refuses a store that already holds PryvBus keys (follower status aside) unless forced, which first deletes them.
/// </summary>
public static class StoreRestore
{
    /// <summary>The keys under the prefix that a restore would replace (follower status hashes are not the store's).</summary>
    public static async Task<IReadOnlyList<RedisKey>> ExistingKeysAsync(IConnectionMultiplexer redis, RedisKeys keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        var followers = keys.Follower("x").ToString()[..^1];
        var found = new List<RedisKey>();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: keys.Prefix + ":*", pageSize: 500))
            {
                if (!key.ToString().StartsWith(followers, StringComparison.Ordinal))
                {
                    found.Add(key);
                }
            }
        }

        return found;
    }

    /// <returns>How many keys were written.</returns>
    public static async Task<int> RestoreAsync(IConnectionMultiplexer redis, RedisKeys keys, BackupContent content, SecretState state, bool force)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(state);
        var existing = await ExistingKeysAsync(redis, keys);
        if (existing.Count > 0 && !force)
        {
            throw new StateException(
                $"Redis already holds {existing.Count} PryvBus key(s) under prefix {keys.Prefix} (e.g. {existing[0]}): restore into an empty store, "
                + "or add --force to replace them");
        }

        await state.RestoreAsync(content.Secrets);

        var db = redis.GetDatabase();
        var tx = db.CreateTransaction();
        var pending = new List<Task>();
        var written = 0;
        if (existing.Count > 0)
        {
            pending.Add(tx.KeyDeleteAsync([.. existing]));
        }
        else
        {
            // A leader storing between the check and now would be overwritten: then nothing is written.
            tx.AddCondition(Condition.KeyNotExists(keys.Roles));
            foreach (var role in content.Versions)
            {
                tx.AddCondition(Condition.KeyNotExists(keys.Serial(role.Role)));
            }
        }

        if (content.Generation is { } generation)
        {
            pending.Add(tx.StringSetAsync(keys.Generation, generation));
            written++;
        }

        if (content.Roles.Count > 0)
        {
            pending.Add(tx.SetAddAsync(keys.Roles, [.. content.Roles.Select(r => (RedisValue)r)]));
            written++;
        }

        foreach (var role in content.Versions)
        {
            written += Write(tx, keys, role, pending);
        }

        foreach (var (scope, secrets) in content.Secrets.Where(s => s.Value.Count > 0))
        {
            pending.Add(tx.HashSetAsync(SecretScopes.Hash(keys, scope), [.. secrets.Select(s => new HashEntry(s.Key, s.Value.Value))]));
            written++;
        }

        if (!await tx.ExecuteAsync())
        {
            throw new StateException($"a PryvBus leader stored a version under prefix {keys.Prefix} during the restore: nothing was written to Redis; "
                + "stop the leader, then restore again with --force");
        }

        await Task.WhenAll(pending);
        return written;
    }

    private static int Write(ITransaction tx, RedisKeys keys, RoleBackup role, List<Task> pending)
    {
        var written = 0;
        foreach (var version in role.Retained.Where(v => v.Files.Count > 0 && v.Meta.Count > 0))
        {
            pending.Add(tx.HashSetAsync(keys.Config(role.Role, version.Serial), [.. version.Files.Select(f => new HashEntry(f.Key, f.Value))]));
            pending.Add(tx.HashSetAsync(keys.Meta(role.Role, version.Serial), [.. version.Meta.Select(m => new HashEntry(m.Key, m.Value))]));
            written += 2;
        }

        if (role.History.Count > 0)
        {
            pending.Add(tx.ListRightPushAsync(keys.History(role.Role), [.. role.History.Select(s => (RedisValue)s)]));
            written++;
        }

        if (role.Serial is { } serial)
        {
            pending.Add(tx.StringSetAsync(keys.Serial(role.Role), serial));
            written++;
        }

        if (role.Pin is { } pin)
        {
            pending.Add(tx.StringSetAsync(keys.Pin(role.Role), pin));
            written++;
        }

        return written;
    }
}
