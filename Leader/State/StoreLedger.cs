using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.State;

/// <summary>
/// The leader's durable <see cref="ISerialLedger"/>: opened once per pass (render, rollback…) under the state folder's
/// lock. It continues the generation in Redis only when its own record names it; otherwise (Redis empty or flushed,
/// a generation this leader never wrote in, a lost state folder) it starts a new one, recorded before anything is
/// stored in it. Nothing a follower writes is read.
/// Serials are reserved durably in blocks of <see cref="Block"/> (<see cref="StoreRecord.Reserved"/>), so a store needs
/// no durable write of its own while its serial is in the block. Before a role's first serial of a pass is handed out,
/// the role is named in <see cref="PendingFile"/> (<see cref="PendingMarker"/>; no fsync: it survives the process, not
/// necessarily a reboot); the pass's end records the exact serials (fsync) and clears it. A pass that finds it naming
/// roles (its writer was killed) takes the top of the named roles' blocks as handed out; a record of another boot, or a marker
/// that cannot tell, the top of every block of every key prefix (the marker and the boot stamp cover the whole folder).
/// That is recorded durably before anything else: the next serial goes above it, never below one a follower may hold.
/// When the boot id is unreadable no block is reserved: each serial is recorded exactly (fsync) before its commit.
/// </summary>
public sealed class StoreLedger : ISerialLedger, IDisposable
{
    /// <summary>
    /// Held (flock) from reading the record to the last store of a pass (its pins read meanwhile); by a rollback from its
    /// store to its pin, by an unpin, and by a whole backup or restore.
    /// </summary>
    public const string LockFile = "store.lock";

    /// <summary>Names the roles a pass may have handed out serials for that <c>store.json</c> does not list yet (<see cref="PendingMarker"/>).</summary>
    public const string PendingFile = "store.pending";

    /// <summary>How many serials one durable reservation covers.</summary>
    public const long Block = 100;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private readonly IDisposable _lock;
    private readonly StoreRecordFile _file;
    private readonly StoreRecordDocument _document;
    private readonly StoreRecord _record;
    private readonly string _pendingPath;
    private readonly string _prefix;
    private readonly PendingMarker _marker;
    private readonly string? _boot;
    private readonly ILogger _logger;
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private bool _dirty;

    private StoreLedger(
        IDisposable storeLock, StoreRecordFile file, StoreRecordDocument document, string prefix, StoreRecord record, string stateDirectory, string? boot, ILogger logger)
    {
        (_lock, _file, _document, _prefix, _record, _boot, _logger) = (storeLock, file, document, prefix, record, boot, logger);
        _pendingPath = Path.Combine(stateDirectory, PendingFile);
        _marker = new PendingMarker(_pendingPath);
        foreach (var (role, serial) in record.Serials)
        {
            _highest[role] = serial;
        }
    }

    public long Generation => _record.Generation;

    /// <summary>Why this pass started a new generation; null when it continues the recorded one.</summary>
    public string? NewGenerationReason { get; private init; }

    /// <inheritdoc />
    public bool GenerationUnread { get; private init; }

    /// <summary>The record as this ledger leaves it (after <see cref="Dispose"/>: with the pass's serials), copied.</summary>
    public StoreRecord Record => _record.Copy();

    /// <summary>
    /// Holds <see cref="LockFile"/> alone, nothing read: for a change no pass may interleave with (an unpin, which a
    /// pass reading its pins under the lock must see whole).
    /// </summary>
    public static Task<IDisposable> LockAsync(string stateDirectory, CancellationToken ct = default)
    {
        StateFiles.EnsureFolder(stateDirectory);
        return StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout, ct);
    }

    /// <param name="redis">The store.</param>
    /// <param name="keys">Its key schema.</param>
    /// <param name="stateDirectory">The state folder.</param>
    /// <param name="logger">Logs what the open found and did.</param>
    /// <param name="time">The clock of a new generation.</param>
    /// <param name="locked">
    /// Called once <see cref="LockFile"/> is held and the record read, before the generation is: what the caller must
    /// read under the lock (a pass's pins) goes out with the ledger's own read. Not called when <paramref name="trusted"/>
    /// is taken. When it throws, the lock is let go and the open fails.
    /// </param>
    /// <param name="trusted">
    /// The record as the caller's previous pass left it, once it had read Redis's generation: when the state folder's
    /// record is exactly that once settled (no other process stored since, no pass was cut short, no reboot: each would
    /// have changed it), the generation is taken from it without reading Redis (<see cref="GenerationUnread"/>), and
    /// nothing else is read.
    /// </param>
    /// <param name="ct">Stops the wait for <see cref="LockFile"/>.</param>
    public static Task<StoreLedger> OpenAsync(
        IConnectionMultiplexer redis, RedisKeys keys, string stateDirectory, ILogger logger, TimeProvider? time = null, Action? locked = null,
        StoreRecord? trusted = null, CancellationToken ct = default) =>
        OpenAsync(redis, keys, stateDirectory, logger, BootId.Current, time, locked, trusted, ct);

    /// <param name="boot">The running boot's id (<see cref="BootId"/>); null when unknown: then no block is reserved.</param>
    internal static async Task<StoreLedger> OpenAsync(
        IConnectionMultiplexer redis, RedisKeys keys, string stateDirectory, ILogger logger, string? boot, TimeProvider? time = null, Action? locked = null,
        StoreRecord? trusted = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(logger);
        StateFiles.EnsureFolder(stateDirectory);
        var storeLock = await StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout, ct);
        try
        {
            if (StateFiles.RemoveStaleTemps(stateDirectory, StoreRecordFile.FileName) is { Count: > 0 } removed)
            {
                StateLog.StaleTempsRemoved(logger, removed.Count, StoreRecordFile.FileName, stateDirectory, string.Join(", ", removed));
            }

            var file = new StoreRecordFile(stateDirectory);
            var document = file.Read(out var problem);
            if (problem is not null)
            {
                LeaderLog.StoreRecordInvalid(logger, file.Path, problem);
            }

            SettleIfDistrusted(file, document, stateDirectory, boot);

            var known = document.Stores.GetValueOrDefault(keys.Prefix);
            // A marker settled above, another boot's record or another process's store each changed the record.
            if (trusted is not null && known is not null && boot is not null && known.SameAs(trusted))
            {
                return new StoreLedger(storeLock, file, document, keys.Prefix, known, stateDirectory, boot, logger) { GenerationUnread = true };
            }

            locked?.Invoke();
            var db = redis.GetDatabase();
            var raw = await db.StringGetAsync(keys.Generation);
            var inRedis = VersionNumber.TryParse(raw, out var parsed) ? parsed : (long?)null;
            if (known is not null && inRedis == known.Generation)
            {
                return new StoreLedger(storeLock, file, document, keys.Prefix, known, stateDirectory, boot, logger);
            }

            if (!raw.IsNull && inRedis is null)
            {
                LeaderLog.GenerationKeyInvalid(logger, keys.Generation.ToString(), VersionNumber.Excerpt(raw));
            }

            var why = Why(keys, raw, inRedis, known);
            var generation = await StartAsync(db, keys, raw, Math.Max(known?.Generation ?? 0, inRedis ?? 0), time ?? TimeProvider.System);
            var record = new StoreRecord { Generation = generation };
            document.Stores[keys.Prefix] = record;
            document.Boot = boot;

            // Recorded before anything is stored in it. A crash just before leaves Redis in a generation no record names:
            // the next pass starts yet another one, which is always safe.
            file.Write(document);
            LeaderLog.GenerationStarted(logger, generation, keys.Prefix, why);
            return new StoreLedger(storeLock, file, document, keys.Prefix, record, stateDirectory, boot, logger) { NewGenerationReason = why };
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public long HighestStored(string role) => _highest.GetValueOrDefault(role);

    public ValueTask ReserveAsync(string role, long serial, CancellationToken ct)
    {
        if (serial <= HighestStored(role))
        {
            return ValueTask.CompletedTask;
        }

        if (_boot is null)
        {
            // No boot id: a marker that a reboot lost could not be told from a pass that ended, so no block is reserved
            // and every serial is recorded exactly (fsync) before its commit.
            _highest[role] = serial;
            _record.Serials[role] = serial;
            _file.Write(_document);
            return ValueTask.CompletedTask;
        }

        // Before any serial of the role can be committed in this pass: a pass killed from here on leaves it named.
        _marker.Mark(_prefix, role);
        _highest[role] = serial;
        _dirty = true;
        if (serial > Math.Max(_record.Serials.GetValueOrDefault(role), _record.Reserved.GetValueOrDefault(role)))
        {
            _record.Reserved[role] = Math.Min(VersionNumber.Max, serial + Block - 1);
            _document.Boot = _boot;
            _file.Write(_document);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Records the exact serials this pass handed out (fsync), clears <see cref="PendingFile"/>, lets the lock go.</summary>
    public void Dispose()
    {
        try
        {
            if (_dirty)
            {
                foreach (var (role, serial) in _highest)
                {
                    _record.Serials[role] = serial;
                }

                _document.Boot = _boot;
                _file.Write(_document);
                PendingMarker.Clear(_pendingPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The marker stays: the next pass takes the blocks of the roles it names as handed out, which is safe.
            StateLog.LedgerNotSettled(_logger, _file.Path, ex.Message);
        }
        finally
        {
            _lock.Dispose();
        }
    }

    /// <summary>
    /// When the record cannot be trusted (<see cref="PendingFile"/> naming roles: a pass did not end; or the record is of
    /// another boot, or the boot is unknown: a marker may have been lost), every serial of every key prefix reserved in
    /// a block is taken as handed out, in one durable write, before the marker is cleared or the boot stamp changes: both
    /// cover the whole folder, and the next pass may be on another prefix.
    /// </summary>
    private static void SettleIfDistrusted(StoreRecordFile file, StoreRecordDocument document, string stateDirectory, string? boot)
    {
        var pendingPath = Path.Combine(stateDirectory, PendingFile);
        var pending = PendingMarker.IsPending(pendingPath);
        var sameBoot = boot is not null && document.Boot == boot;
        if (!pending && sameBoot)
        {
            return;
        }

        // Same boot: the marker (not fsynced) is complete, only the roles it names were in flight.
        var inFlight = sameBoot ? PendingMarker.ReadRoles(pendingPath) : null;
        if (document.SettleBlocks(inFlight) || pending || document.Boot != boot)
        {
            document.Boot = boot;
            file.Write(document);
        }

        PendingMarker.Clear(pendingPath);
    }

    private static string Why(RedisKeys keys, RedisValue raw, long? inRedis, StoreRecord? known) =>
        (raw.IsNull, inRedis, known) switch
        {
            (true, _, null) => $"{keys.Generation} is absent and the state folder has no record of this store",
            (true, _, _) => $"{keys.Generation} is absent: the store lost its data",
            (false, null, _) => $"{keys.Generation} holds no valid generation",
            (false, _, null) => string.Create(CultureInfo.InvariantCulture, $"the state folder has no record of generation {inRedis} (a new or restored leader state folder)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"Redis is in generation {inRedis}, this leader's record names {known?.Generation}"),
        };

    /// <summary>
    /// Writes a generation above every one known: max(now in unix milliseconds, known + 1), only if the key still holds
    /// what was read. When another writer won, its value is used.
    /// </summary>
    private static async Task<long> StartAsync(IDatabase db, RedisKeys keys, RedisValue seen, long known, TimeProvider time, int attempt = 0)
    {
        if (known >= VersionNumber.Max)
        {
            throw new StoreDataException(string.Create(CultureInfo.InvariantCulture, $"{keys.Generation} reached the largest generation ({VersionNumber.Max})"));
        }

        var candidate = Math.Min(VersionNumber.Max, Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), known + 1));
        var tx = db.CreateTransaction();
        tx.AddCondition(seen.IsNull ? Condition.KeyNotExists(keys.Generation) : Condition.StringEqual(keys.Generation, seen));
        var set = tx.StringSetAsync(keys.Generation, candidate);
        if (await tx.ExecuteAsync())
        {
            await set;
            return candidate;
        }

        var winner = await db.StringGetAsync(keys.Generation);
        if (winner.IsNull && attempt < 3)
        {
            // No writer won: the key went away meanwhile, or the transaction did not run (Redis restarting, empty, in
            // between). Started again from what is there now; a fourth time is an error of its own.
            return await StartAsync(db, keys, RedisValue.Null, known, time, attempt + 1);
        }

        return VersionNumber.TryParse(winner, out var theirs)
            ? theirs
            : throw new StoreDataException(VersionNumber.Refusal(keys.Generation.ToString(), winner));
    }
}
