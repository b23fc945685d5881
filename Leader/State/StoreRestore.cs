using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.State;

/// <summary>
/// Writes a backup back: everything into Redis in one transaction, then, once that write is certain, the secrets into the
/// state folder. Refuses a store that already holds PryvBus keys (follower status aside) unless forced, which first
/// deletes them.
/// </summary>
public static class StoreRestore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The keys under the prefix that a restore would replace (follower status hashes are not the store's).</summary>
    public static async Task<IReadOnlyList<RedisKey>> ExistingKeysAsync(IConnectionMultiplexer redis, RedisKeys keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        var followers = keys.Follower("x").ToString()[..^1];

        // The audit trail is not the store's either: it only grows, a restore never replaces it (see Queue).
        var audit = new HashSet<string>(StringComparer.Ordinal) { keys.Audit.ToString(), keys.AuditHead.ToString(), keys.AuditAnchor.ToString() };
        var found = new List<RedisKey>();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: keys.Prefix + ":*", pageSize: 500))
            {
                if (!key.ToString().StartsWith(followers, StringComparison.Ordinal) && !audit.Contains(key.ToString()))
                {
                    found.Add(key);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Holds <c>store.lock</c> and <c>secrets.lock</c> for the whole restore (no pass stores, no reconciliation runs), checks
    /// the store is empty (or <paramref name="force"/>), writes Redis in one transaction, and only once that write is
    /// certain seals the backup's secrets in the state folder. A failure says exactly what was written.
    /// </summary>
    /// <returns>How many keys were written.</returns>
    /// <exception cref="StateException">Refused, or a lock or the state folder cannot be used; the message says what was written.</exception>
    /// <exception cref="RedisException">Redis refused or lost the write; the message says what was written.</exception>
    public static async Task<int> RestoreAsync(IConnectionMultiplexer redis, RedisKeys keys, BackupContent content, SecretState state, bool force)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(state);
        using var storeLock = await StateFiles.LockAsync(Path.Combine(state.Folder, StoreLedger.LockFile), LockTimeout);
        using var secretsLock = await state.HoldAsync();
        var existing = await ExistingKeysAsync(redis, keys);
        if (existing.Count > 0 && !force)
        {
            throw new StateException(
                $"Redis already holds {existing.Count} PryvBus key(s) under prefix {keys.Prefix} (e.g. {existing[0]}): restore into an empty store, "
                + "or add --force to replace them; nothing was written");
        }

        var tx = redis.GetDatabase().CreateTransaction();
        var pending = new List<Task>();
        var written = Queue(tx, keys, content, existing, pending);
        written += await QueueAuditAsync(redis.GetDatabase(), tx, keys, content.Audit, pending);
        await ExecuteAsync(tx, pending, keys, state.Folder);
        try
        {
            await state.RestoreAsync(content.Secrets);
        }
        catch (StateException ex)
        {
            throw new StateException(
                $"Redis was restored ({written} key(s) written) but the state folder could not take the backup's secrets: {ex.Message}. "
                + "Do not let the leader run a pass before fixing it (it would set Redis's secrets back to the state folder's): fix the folder, "
                + "then restore again with --force", ex);
        }

        return written;
    }

    private static int Queue(ITransaction tx, RedisKeys keys, BackupContent content, IReadOnlyList<RedisKey> existing, List<Task> pending)
    {
        var written = 0;
        if (existing.Count > 0)
        {
            pending.Add(tx.KeyDeleteAsync([.. existing]));
        }
        else
        {
            // Another leader storing between the check and now (one that does not share this state folder's lock) would be
            // overwritten: then nothing is written.
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

        return written;
    }

    /// <summary>
    /// The backup's audit stream, with its ids, head and anchor, only when Redis holds none (Redis lost it): a stream that
    /// exists is the same chain grown since the backup, and is kept. Conditioned on that, so an append meanwhile wins.
    /// </summary>
    private static async Task<int> QueueAuditAsync(IDatabase db, ITransaction tx, RedisKeys keys, AuditBackup? audit, List<Task> pending)
    {
        if (audit is null || audit.Entries.Count == 0 || await db.KeyExistsAsync(keys.Audit) || await db.KeyExistsAsync(keys.AuditHead))
        {
            return 0;
        }

        tx.AddCondition(Condition.KeyNotExists(keys.Audit));
        tx.AddCondition(Condition.KeyNotExists(keys.AuditHead));
        foreach (var entry in audit.Entries)
        {
            pending.Add(tx.StreamAddAsync(keys.Audit, [.. entry.Fields.Select(f => new NameValueEntry(f.Key, f.Value))], entry.Id));
        }

        if (audit.Head is not null)
        {
            pending.Add(tx.StringSetAsync(keys.AuditHead, audit.Head));
        }

        if (audit.Anchor is not null)
        {
            pending.Add(tx.StringSetAsync(keys.AuditAnchor, audit.Anchor));
        }

        return 1;
    }

    /// <summary>Runs the transaction; every way it can fail is reported with what it means for Redis and the state folder.</summary>
    private static async Task ExecuteAsync(ITransaction tx, List<Task> pending, RedisKeys keys, string folder)
    {
        bool committed;
        try
        {
            committed = await tx.ExecuteAsync();
        }
        catch (RedisServerException ex)
        {
            // An error reply to EXEC (EXECABORT: OOM, NOPERM… while queueing): Redis applied none of it.
            throw new RedisException($"Redis refused the restore ({ex.Message}): nothing was written to Redis, the state folder {folder} was not changed", ex);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new RedisException(
                $"the connection to Redis failed during the restore ({ex.Message}): Redis may or may not hold the backup now; the state folder {folder} "
                + "was not changed. Stop the leader, then restore again with --force", ex);
        }

        if (!committed)
        {
            throw new StateException(
                $"a PryvBus leader stored a version under prefix {keys.Prefix} during the restore: nothing was written to Redis, the state folder "
                + $"{folder} was not changed; stop the leader, then restore again with --force");
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (RedisException ex)
        {
            throw new RedisException(
                $"Redis took only part of the restore ({ex.Message}): some keys under prefix {keys.Prefix} were written, the state folder {folder} "
                + "was not changed. Stop the leader, fix Redis, then restore again with --force", ex);
        }
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
