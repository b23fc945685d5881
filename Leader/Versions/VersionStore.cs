using System.Globalization;
using System.Text.Json;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Versions;

/// <summary>
/// Stores rendered versions under the key schema of <see cref="RedisKeys"/>. Content, meta, history,
/// new secrets and the serial pointer are written in one optimistic transaction conditioned on the
/// serial a moment before, so a reader never sees a serial whose version is missing or partial,
/// and two writers never hand out the same serial.
/// </summary>
public sealed class VersionStore
{
    private const int MaxAttempts = 100;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly int _historyLength;
    private readonly TimeProvider _time;

    public VersionStore(IConnectionMultiplexer redis, RedisKeys keys, int historyLength, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        _redis = redis;
        _keys = keys;
        _historyLength = historyLength;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="version">The rendered role.</param>
    /// <param name="followers">Every follower; those of the role get a signature.</param>
    /// <param name="reason">Why, for the meta and the history.</param>
    /// <param name="ct">Stops retrying.</param>
    /// <param name="minimumSerial">
    /// The lowest serial a new version may take: above anything followers may already have applied. After a failover
    /// lost the newest versions, the serial in Redis is lower than that; the version is then stored again, above it,
    /// even when its content equals what Redis still has, so no follower waits for a version that no longer exists.
    /// </param>
    public async Task<StoreResult> StoreAsync(
        RenderedVersion version, IReadOnlyList<FollowerEntry> followers, string reason, long minimumSerial = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(followers);
        if (version.Files.Count == 0)
        {
            throw new ArgumentException($"Role '{version.Role}' has no files: nothing to store.", nameof(version));
        }

        var role = version.Role;
        var roleFollowers = followers.Where(f => f.Role == role).ToArray();
        var db = _redis.GetDatabase();

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var current = await ReadSerialAsync(db, role);
            var currentSha = current is null ? null : (string?)await db.HashGetAsync(_keys.Meta(role, current.Value), MetaFields.Sha256);

            if (current is not null && currentSha == version.Sha256 && current.Value >= minimumSerial - 1)
            {
                if (await RefreshUnchangedAsync(db, version, current.Value, roleFollowers))
                {
                    return new StoreResult(StoreOutcome.Unchanged, role, current.Value, version.Sha256);
                }

                continue;
            }

            var (committed, secretConflict, serial) = await TryStoreNewAsync(db, version, current, roleFollowers, reason, minimumSerial);
            if (committed)
            {
                return new StoreResult(StoreOutcome.Stored, role, serial, version.Sha256);
            }

            if (secretConflict)
            {
                return new StoreResult(StoreOutcome.SecretConflict, role, current ?? 0, version.Sha256);
            }

            // Another writer won the serial: back off a little, with jitter, so contenders spread out.
            await Task.Delay(Random.Shared.Next(1, 2 + Math.Min(attempt, 20)), ct);
        }

        throw new InvalidOperationException(
            $"Could not store role '{role}': its serial kept changing under {MaxAttempts} attempts (is another leader running?).");
    }

    /// <summary>
    /// When the master has replicas, waits until one holds everything written so far (Redis replication is
    /// asynchronous: a version acknowledged by a master that dies before replicating it is lost).
    /// </summary>
    /// <returns>True when no replica is connected, or one acknowledged within <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitForReplicaAsync(TimeSpan timeout)
    {
        var db = _redis.GetDatabase();
        var info = (string?)await db.ExecuteAsync("INFO", "replication") ?? string.Empty;
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith("connected_slaves:", StringComparison.Ordinal));
        if (line is null || !int.TryParse(line["connected_slaves:".Length..].Trim(), CultureInfo.InvariantCulture, out var replicas) || replicas == 0)
        {
            return true;
        }

        var acknowledged = (long)await db.ExecuteAsync("WAIT", 1, (long)timeout.TotalMilliseconds);
        return acknowledged >= 1;
    }

    /// <summary>Reads one version (the current one when <paramref name="serial"/> is null); null when absent.</summary>
    public async Task<StoredVersion?> ReadAsync(string role, long? serial = null)
    {
        var db = _redis.GetDatabase();
        var resolved = serial ?? await ReadSerialAsync(db, role);
        if (resolved is null)
        {
            return null;
        }

        var filesTask = db.HashGetAllAsync(_keys.Config(role, resolved.Value));
        var metaTask = db.HashGetAllAsync(_keys.Meta(role, resolved.Value));
        var files = await filesTask;
        var meta = await metaTask;
        if (meta.Length == 0)
        {
            return null;
        }

        return new StoredVersion(
            role,
            resolved.Value,
            files.ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!, StringComparer.Ordinal),
            meta.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal));
    }

    public async Task<long?> CurrentSerialAsync(string role) => await ReadSerialAsync(_redis.GetDatabase(), role);

    /// <summary>The retained serials of a role, oldest first.</summary>
    public async Task<IReadOnlyList<long>> HistoryAsync(string role)
    {
        var values = await _redis.GetDatabase().ListRangeAsync(_keys.History(role));
        return values.Select(v => (long)v).ToArray();
    }

    private async Task<long?> ReadSerialAsync(IDatabase db, string role)
    {
        var value = await db.StringGetAsync(_keys.Serial(role));
        return value.IsNull ? null : (long)value;
    }

    private async Task<(bool Committed, bool SecretConflict, long Serial)> TryStoreNewAsync(
        IDatabase db, RenderedVersion version, long? current, IReadOnlyList<FollowerEntry> followers, string reason, long minimumSerial)
    {
        var role = version.Role;
        var next = Math.Max((current ?? 0) + 1, minimumSerial);
        var history = (await db.ListRangeAsync(_keys.History(role))).Select(v => (long)v).ToList();
        history.Add(next);
        var expired = history.Count > _historyLength ? history.Take(history.Count - _historyLength).ToArray() : [];

        var tx = db.CreateTransaction();
        tx.AddCondition(current is null
            ? Condition.KeyNotExists(_keys.Serial(role))
            : Condition.StringEqual(_keys.Serial(role), current.Value));
        var secretConditions = version.NewSecrets
            .Select(s => tx.AddCondition(Condition.HashNotExists(s.Hash, s.Name)))
            .ToArray();

        var pending = new List<Task>();
        foreach (var secret in version.NewSecrets)
        {
            pending.Add(tx.HashSetAsync(secret.Hash, secret.Name, secret.Value));
        }

        // Leftovers of a serial that was lost (e.g. a restored backup) must not merge into the new version.
        pending.Add(tx.KeyDeleteAsync([_keys.Config(role, next), _keys.Meta(role, next)]));
        pending.Add(tx.HashSetAsync(
            _keys.Config(role, next),
            version.Files.Select(f => new HashEntry(f.Key, f.Value)).ToArray()));
        pending.Add(tx.HashSetAsync(_keys.Meta(role, next), BuildMeta(version, next, followers, reason)));
        pending.Add(tx.ListRightPushAsync(_keys.History(role), next));
        pending.Add(tx.ListTrimAsync(_keys.History(role), -_historyLength, -1));
        foreach (var old in expired)
        {
            pending.Add(tx.KeyDeleteAsync([_keys.Config(role, old), _keys.Meta(role, old)]));
        }

        pending.Add(tx.StringSetAsync(_keys.Serial(role), next));
        pending.Add(tx.SetAddAsync(_keys.Roles, role));

        var committed = await tx.ExecuteAsync();
        if (committed)
        {
            await Task.WhenAll(pending);
            return (true, false, next);
        }

        return (false, secretConditions.Any(c => !c.WasSatisfied), next);
    }

    /// <summary>
    /// Same content: keep the serial, but bring the signatures in line with the followers list
    /// (a follower added, removed or re-keyed must not wait for a content change).
    /// </summary>
    private async Task<bool> RefreshUnchangedAsync(IDatabase db, RenderedVersion version, long serial, IReadOnlyList<FollowerEntry> followers)
    {
        var metaKey = _keys.Meta(version.Role, serial);
        var meta = await db.HashGetAllAsync(metaKey);
        var wanted = followers.ToDictionary(
            f => MetaFields.Signature(f.Id),
            f => VersionSignature.Sign(f.Key, version.Role, serial, version.Sha256),
            StringComparer.Ordinal);
        var present = meta
            .Where(e => ((string)e.Name!).StartsWith(MetaFields.SignaturePrefix, StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);

        var stale = present.Keys.Where(k => !wanted.ContainsKey(k)).Select(k => (RedisValue)k).ToArray();
        var changed = wanted.Where(w => !present.TryGetValue(w.Key, out var v) || v != w.Value)
            .Select(w => new HashEntry(w.Key, w.Value)).ToArray();
        if (stale.Length == 0 && changed.Length == 0 && version.NewSecrets.Count == 0)
        {
            return true;
        }

        var tx = db.CreateTransaction();
        tx.AddCondition(Condition.StringEqual(_keys.Serial(version.Role), serial));
        var pending = new List<Task>();
        if (stale.Length > 0)
        {
            pending.Add(tx.HashDeleteAsync(metaKey, stale));
        }

        if (changed.Length > 0)
        {
            pending.Add(tx.HashSetAsync(metaKey, changed));
        }

        foreach (var secret in version.NewSecrets)
        {
            pending.Add(tx.HashSetAsync(secret.Hash, secret.Name, secret.Value, When.NotExists));
        }

        var committed = await tx.ExecuteAsync();
        if (committed)
        {
            await Task.WhenAll(pending);
        }

        return committed;
    }

    private HashEntry[] BuildMeta(RenderedVersion version, long serial, IReadOnlyList<FollowerEntry> followers, string reason)
    {
        var entries = new List<HashEntry>
        {
            new(MetaFields.Role, version.Role),
            new(MetaFields.Serial, serial),
            new(MetaFields.Sha256, version.Sha256),
            new(MetaFields.Created, _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            new(MetaFields.Reason, reason),
            new(MetaFields.Files, version.Files.Count),
            new(MetaFields.SecretFiles, JsonSerializer.Serialize(version.SecretFiles.Order(StringComparer.Ordinal).ToArray())),
            new(MetaFields.Secrets, JsonSerializer.Serialize(version.SecretsUsed.Order(StringComparer.Ordinal).ToArray())),
        };
        entries.AddRange(followers.Select(f =>
            new HashEntry(MetaFields.Signature(f.Id), VersionSignature.Sign(f.Key, version.Role, serial, version.Sha256))));
        return [.. entries];
    }
}
