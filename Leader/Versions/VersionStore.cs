using System.Globalization;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Versions;

/// <summary>
/// Stores rendered versions under the key schema of <see cref="RedisKeys"/>. Content, meta, history,
/// new secrets and the serial pointer are written in one optimistic transaction conditioned on the
/// serial a moment before, so a reader never sees a serial whose version is missing or partial,
/// and two writers never hand out the same serial. Serials and the generation come from the leader's
/// <see cref="ISerialLedger"/>; numbers read from Redis are only trusted within <see cref="VersionNumber"/>'s bounds.
/// </summary>
public sealed class VersionStore
{
    private const int MaxAttempts = 100;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly int _historyLength;
    private readonly TimeProvider _time;
    private readonly StoreCache? _cache;
    private readonly bool _trustCache;

    /// <param name="redis">The store.</param>
    /// <param name="keys">Its key schema.</param>
    /// <param name="historyLength">Versions kept per role.</param>
    /// <param name="time">The clock of the meta's time stamp.</param>
    /// <param name="cache">What this leader last stored, kept up to date here: a changed role skips reading the current version.</param>
    /// <param name="trustCache">
    /// True: a role whose render equals what <paramref name="cache"/> says is current is kept without any Redis round trip
    /// (no check of the stored content). False (leader start, reconnection, periodic check): every role is checked.
    /// </param>
    public VersionStore(IConnectionMultiplexer redis, RedisKeys keys, int historyLength, TimeProvider? time = null, StoreCache? cache = null, bool trustCache = false)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        _redis = redis;
        _keys = keys;
        _historyLength = historyLength;
        _time = time ?? TimeProvider.System;
        _cache = cache;
        _trustCache = trustCache;
    }

    /// <summary>
    /// Stores the version as the role's current one unless the current one already holds the same content, in the
    /// ledger's generation, intact, at or above the highest serial the ledger knows. Otherwise a new serial, above both
    /// Redis's and the ledger's, is reserved in the ledger and then stored.
    /// </summary>
    /// <exception cref="StoreDataException">A serial in Redis or the ledger is out of range.</exception>
    /// <param name="eventAt">
    /// When given, the event announcing a new serial (given the serial and the digest stored), published on the events
    /// channel by the transaction that stores it (<see cref="StoreResult.Published"/>): followers hear of the version as
    /// it becomes current, and of no serial whose transaction did not commit.
    /// </param>
    /// <param name="pinUnread">
    /// The pass did not read the role's pin (a trusted pass): a new serial is stored only while the role has none.
    /// </param>
    /// <exception cref="StaleReadsException">
    /// A new serial's transaction found the pin set, or the generation key not the ledger's, while the pass had not read
    /// them (<paramref name="pinUnread"/>, <see cref="ISerialLedger.GenerationUnread"/>): nothing was written.
    /// </exception>
    public async Task<StoreResult> StoreAsync(
        RenderedVersion version, IReadOnlyList<FollowerEntry> followers, string reason, ISerialLedger ledger,
        Func<long, string, RedisValue>? eventAt = null, bool pinUnread = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(followers);
        ArgumentNullException.ThrowIfNull(ledger);
        if (version.Files.Count == 0)
        {
            throw new ArgumentException($"Role '{version.Role}' has no files: nothing to store.", nameof(version));
        }

        var role = version.Role;
        var generation = VersionNumber.IsValid(ledger.Generation)
            ? ledger.Generation
            : throw new StoreDataException($"store generation {ledger.Generation} is out of range");
        var roleFollowers = followers.Where(f => f.Role == role).ToArray();
        var fingerprint = StoreCache.Fingerprint(roleFollowers);
        var db = _redis.GetDatabase();
        var unread = new UnreadChecks(ledger.GenerationUnread, pinUnread);
        if (await FromCacheAsync(db, version, roleFollowers, fingerprint, reason, ledger, eventAt, unread, ct) is { } known)
        {
            return known;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var raw = await db.StringGetAsync(_keys.Serial(role));
            long? current = VersionNumber.TryParse(raw, out var parsed) ? parsed : null;
            var highest = ledger.HighestStored(role);
            string? repair = null;
            if (!raw.IsNull && current is null)
            {
                repair = VersionNumber.Refusal(_keys.Serial(role).ToString(), raw);
            }
            else if (current is { } serial && serial < highest)
            {
                // The ledger records a serial before its commit (so no serial a follower may hold is handed out twice): a
                // failover that lost the write and a pass interrupted before its commit look the same here.
                repair = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Redis's serial {serial} is below the {highest} this leader reserved: either Redis lost that write (failover, restore) or a pass was interrupted before its commit");
            }
            else if (current is { } kept)
            {
                var verdict = await CurrentCheck.RunAsync(db, _keys, role, kept, generation, version.Sha256, version.Components);
                if (verdict.Same)
                {
                    if (await VersionMeta.RefreshSignaturesAsync(db, _keys, version, generation, kept, roleFollowers))
                    {
                        await ledger.ReserveAsync(role, kept, ct);
                        _cache?.Set(_keys.Prefix, role, new StoreCache.Entry(generation, kept, version.Sha256, version.Components, fingerprint, null));
                        return new StoreResult(StoreOutcome.Unchanged, role, kept, version.Sha256, generation);
                    }

                    continue;
                }

                repair = verdict.Broken;
            }

            var below = Math.Max(current ?? 0, highest);
            if (below >= VersionNumber.Max)
            {
                throw new StoreDataException(string.Create(CultureInfo.InvariantCulture, $"role '{role}' reached the largest serial ({VersionNumber.Max})"));
            }

            var next = below + 1;
            await ledger.ReserveAsync(role, next, ct);
            var (committed, secretConflict, history, published) = await TryStoreNewAsync(db, version, raw, generation, next, roleFollowers, reason, null, eventAt, unread);
            if (committed)
            {
                _cache?.Set(_keys.Prefix, role, new StoreCache.Entry(generation, next, version.Sha256, version.Components, fingerprint, history));
                return new StoreResult(StoreOutcome.Stored, role, next, version.Sha256, generation, repair) { Published = published };
            }

            if (secretConflict)
            {
                return new StoreResult(StoreOutcome.SecretConflict, role, current ?? 0, version.Sha256, generation);
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
    public async Task<bool> WaitForReplicaAsync(TimeSpan timeout) => await WaitForReplicaAsync(timeout, await ReplicaCountAsync());

    /// <summary>As <see cref="WaitForReplicaAsync(TimeSpan)"/>, with the replica count already read (<see cref="ReplicaCountAsync"/>).</summary>
    public async Task<bool> WaitForReplicaAsync(TimeSpan timeout, int replicas)
    {
        if (replicas == 0)
        {
            return true;
        }

        // The master's own answer or none: by default a command the client does not know goes to a replica when the
        // master is gone, which refuses WAIT (and would answer INFO below with no replica at all).
        var acknowledged = (long)await _redis.GetDatabase().ExecuteAsync("WAIT", [1, (long)timeout.TotalMilliseconds], CommandFlags.DemandMaster);
        return acknowledged >= 1;
    }

    /// <summary>How many replicas the master has (<c>INFO replication</c>, the master's only); 0 when it says none or nothing readable.</summary>
    public async Task<int> ReplicaCountAsync()
    {
        var info = (string?)await _redis.GetDatabase().ExecuteAsync("INFO", ["replication"], CommandFlags.DemandMaster) ?? string.Empty;
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith("connected_slaves:", StringComparison.Ordinal));
        return line is not null && int.TryParse(line["connected_slaves:".Length..].Trim(), CultureInfo.InvariantCulture, out var replicas) && replicas > 0
            ? replicas
            : 0;
    }

    /// <summary>Reads one version (the current one when <paramref name="serial"/> is null); null when absent.</summary>
    /// <exception cref="StoreDataException">The role's serial key holds no valid serial.</exception>
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

    /// <exception cref="StoreDataException">The role's serial key holds no valid serial.</exception>
    public async Task<long?> CurrentSerialAsync(string role) => await ReadSerialAsync(_redis.GetDatabase(), role);

    /// <summary>The retained serials of a role, oldest first.</summary>
    /// <exception cref="StoreDataException">An entry of the history list is not a valid serial.</exception>
    public async Task<IReadOnlyList<long>> HistoryAsync(string role)
    {
        var key = _keys.History(role);
        var values = await _redis.GetDatabase().ListRangeAsync(key);
        return values.Select(v => VersionNumber.TryParse(v, out var serial) ? serial : throw new StoreDataException(VersionNumber.Refusal($"an entry of {key}", v))).ToArray();
    }

    private async Task<long?> ReadSerialAsync(IDatabase db, string role)
    {
        var value = await db.StringGetAsync(_keys.Serial(role));
        if (value.IsNull)
        {
            return null;
        }

        return VersionNumber.TryParse(value, out var serial) ? serial : throw new StoreDataException(VersionNumber.Refusal(_keys.Serial(role).ToString(), value));
    }

    /// <summary>
    /// With a cache entry of this generation at or above the ledger's serial: an unchanged role is kept (trusting pass
    /// only), a changed one is stored with one transaction conditioned on the cached serial. Null: the full path runs
    /// (no entry, or the condition failed: another writer, a restored or failed-over Redis; the entry is dropped).
    /// </summary>
    private async Task<StoreResult?> FromCacheAsync(
        IDatabase db, RenderedVersion version, IReadOnlyList<FollowerEntry> followers, string fingerprint, string reason, ISerialLedger ledger,
        Func<long, string, RedisValue>? eventAt, UnreadChecks unread, CancellationToken ct)
    {
        var role = version.Role;
        if (_cache?.Get(_keys.Prefix, role) is not { } known || known.Generation != ledger.Generation || known.Serial < ledger.HighestStored(role)
            || known.Serial >= VersionNumber.Max)
        {
            return null;
        }

        var sameContent = known.Sha256 == version.Sha256 && known.Components == version.Components;
        if (sameContent)
        {
            return _trustCache && known.Followers == fingerprint && version.NewSecrets.Count == 0
                ? new StoreResult(StoreOutcome.Unchanged, role, known.Serial, version.Sha256, known.Generation)
                : null;
        }

        var next = known.Serial + 1;
        await ledger.ReserveAsync(role, next, ct);
        var (committed, secretConflict, history, published) = await TryStoreNewAsync(
            db, version, known.Serial, known.Generation, next, followers, reason, known.History, eventAt, unread);
        if (committed)
        {
            _cache.Set(_keys.Prefix, role, new StoreCache.Entry(known.Generation, next, version.Sha256, version.Components, fingerprint, history));
            return new StoreResult(StoreOutcome.Stored, role, next, version.Sha256, known.Generation) { Published = published };
        }

        _cache.Forget(_keys.Prefix, role);
        return secretConflict ? new StoreResult(StoreOutcome.SecretConflict, role, known.Serial, version.Sha256, known.Generation) : null;
    }

    private async Task<(bool Committed, bool SecretConflict, IReadOnlyList<RedisValue> History, long? Published)> TryStoreNewAsync(
        IDatabase db, RenderedVersion version, RedisValue current, long generation, long next, IReadOnlyList<FollowerEntry> followers, string reason,
        IReadOnlyList<RedisValue>? knownHistory, Func<long, string, RedisValue>? eventAt, UnreadChecks unread)
    {
        var role = version.Role;

        // Entries that are not serials (garbage written by hand) cannot name keys: they are only trimmed away.
        var history = (knownHistory ?? await db.ListRangeAsync(_keys.History(role))).ToList();
        history.Add(next);
        var expired = history.Count > _historyLength
            ? history.Take(history.Count - _historyLength).Select(v => VersionNumber.TryParse(v, out var s) ? s : 0).Where(s => s > 0 && s != next).ToArray()
            : [];

        var tx = db.CreateTransaction();
        tx.AddCondition(current.IsNull
            ? Condition.KeyNotExists(_keys.Serial(role))
            : Condition.StringEqual(_keys.Serial(role), current));
        var secretConditions = version.NewSecrets
            .Select(s => tx.AddCondition(Condition.HashNotExists(s.Hash, s.Name)))
            .ToArray();

        // What a trusted pass did not read, checked in the same round trip as the serial.
        var generationKept = unread.Generation ? tx.AddCondition(Condition.StringEqual(_keys.Generation, generation)) : null;
        var unpinned = unread.Pin ? tx.AddCondition(Condition.KeyNotExists(_keys.Pin(role))) : null;

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
        pending.Add(tx.HashSetAsync(_keys.Meta(role, next), VersionMeta.Build(version, generation, next, followers, reason, _time.GetUtcNow())));
        pending.Add(tx.ListRightPushAsync(_keys.History(role), next));
        pending.Add(tx.ListTrimAsync(_keys.History(role), -_historyLength, -1));
        foreach (var old in expired)
        {
            pending.Add(tx.KeyDeleteAsync([_keys.Config(role, old), _keys.Meta(role, old)]));
        }

        pending.Add(tx.StringSetAsync(_keys.Serial(role), next));
        pending.Add(tx.SetAddAsync(_keys.Roles, role));

        // Last: subscribers receive it during EXEC, before any reader can run, with the serial already moved.
        var published = eventAt is null ? null : tx.PublishAsync(_keys.Events, eventAt(next, version.Sha256));
        var committed = await tx.ExecuteAsync();
        if (committed)
        {
            await Task.WhenAll(pending);
            return (true, false, history.Skip(Math.Max(0, history.Count - _historyLength)).ToArray(), published is null ? null : await published);
        }

        if (generationKept is { WasSatisfied: false } || unpinned is { WasSatisfied: false })
        {
            var generationMoved = generationKept is { WasSatisfied: false };
            throw new StaleReadsException(
                generationMoved
                    ? string.Create(CultureInfo.InvariantCulture, $"{_keys.Generation} no longer holds generation {generation}")
                    : $"role '{role}' was pinned ({_keys.Pin(role)}) since the previous pass",
                generationMoved);
        }

        return (false, secretConditions.Any(c => !c.WasSatisfied), [], null);
    }

    /// <summary>What the pass did not read before this store: each is then a condition of its transaction.</summary>
    private readonly record struct UnreadChecks(bool Generation, bool Pin);
}
