using Microsoft.Extensions.Logging;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Audit;

/// <summary>
/// The audit trail in Redis (<see cref="RedisKeys.Audit"/>), hash-chained (<see cref="AuditChain"/>). An append is a
/// transaction conditioned on the head key holding the last position, retried when another writer (the service, a CLI
/// run) appended first: the chain never forks. Retention (<see cref="AuditSettings"/>) trims the oldest entries and
/// moves the anchor. Recording never throws: when Redis (or the state key) is unavailable the entry goes to the state
/// folder's pending file (<see cref="AuditPending"/>), one warning is logged and <paramref name="failed"/> is called.
/// </summary>
public sealed class RedisAuditTrail(IConnectionMultiplexer redis, Func<LeaderSettings> settings, ILogger logger, Action? failed = null, TimeProvider? time = null)
    : IAuditTrail
{
    private const int MaxAttempts = 50;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private volatile bool _failing;

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var current = settings();
        var draft = Draft(entry);
        try
        {
            var chain = new AuditChain(KeyOf(current.StateDirectory));
            var db = redis.GetDatabase();
            var flushed = await AuditPending.FlushAsync(current.StateDirectory, pending => AppendAsync(db, current.Keys, chain, pending));
            var appended = await AppendAsync(db, current.Keys, chain, draft);
            await WitnessAsync(current.StateDirectory, appended);
            await TrimAsync(db, current.Keys, current.Audit);
            if (_failing || flushed > 0)
            {
                _failing = false;
                AuditLog.RecordRecovered(logger, flushed);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failed?.Invoke();
            var where = await KeepAsync(current.StateDirectory, draft);
            if (_failing)
            {
                AuditLog.RecordStillFailing(logger, entry.Action, ex.Message, where);
            }
            else
            {
                _failing = true;
                AuditLog.RecordFailed(logger, entry.Action, ex.Message, where);
            }
        }
    }

    /// <summary>The entry as it will be chained (seq, prev and hash are set by <see cref="AppendAsync"/>).</summary>
    public AuditRecord Draft(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditRecord(
            0, Time.Text(entry.At ?? _time.GetUtcNow()), entry.Actor.Name, OperatorRoles.Name(entry.Actor.Role), entry.Actor.Source, entry.Action,
            AuditRecord.Bound(entry.Reason, AuditRecord.MaxReason), AuditRecord.Bound(entry.Role, AuditRecord.MaxRole), AuditRecord.Bound(entry.Detail, AuditRecord.MaxDetail), string.Empty, string.Empty);
    }

    /// <summary>Appends after the current head, atomically against every other writer.</summary>
    public static async Task<AuditRecord> AppendAsync(IDatabase db, RedisKeys keys, AuditChain chain, AuditRecord draft)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(chain);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var headText = await db.StringGetAsync(keys.AuditHead);
            var head = AuditChain.ParsePosition(headText);
            if (!headText.IsNull && head is null)
            {
                throw new RedisException($"{keys.AuditHead} holds no valid position: run `pryvbus-leader audit verify`");
            }

            var record = chain.Link(draft, head ?? AuditChain.Start);
            var tx = db.CreateTransaction();
            tx.AddCondition(headText.IsNull ? Condition.KeyNotExists(keys.AuditHead) : Condition.StringEqual(keys.AuditHead, headText));
            var id = tx.StreamAddAsync(keys.Audit, record.Fields());
            _ = tx.StringSetAsync(keys.AuditHead, AuditChain.Position(record.Seq, record.Hash));
            if (await tx.ExecuteAsync())
            {
                return record with { Id = (await id).ToString() };
            }

            await Task.Delay(Random.Shared.Next(1, 5 + attempt));
        }

        throw new RedisException($"{keys.AuditHead} kept changing during {MaxAttempts} attempts to append");
    }

    /// <summary>Trims what retention no longer keeps (never the newest entry) and moves the anchor to the last one trimmed.</summary>
    public async Task TrimAsync(IDatabase db, RedisKeys keys, AuditSettings retention)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(retention);
        var length = await db.StreamLengthAsync(keys.Audit);
        var excess = length - retention.MaxEntries;
        if (excess <= 0 && retention.MaxAgeDays == 0)
        {
            return;
        }

        var oldest = await db.StreamRangeAsync(keys.Audit, "-", "+", (int)Math.Min(Math.Max(excess, 0) + 100, 1000));
        var cutoff = Time.Text(_time.GetUtcNow().AddDays(-retention.MaxAgeDays));
        var drop = (int)Math.Max(excess, 0);
        if (retention.MaxAgeDays > 0)
        {
            drop = Math.Max(drop, oldest.TakeWhile(e => string.CompareOrdinal(e.Values.FirstOrDefault(v => v.Name == "time").Value.ToString(), cutoff) < 0).Count());
        }

        drop = (int)Math.Min(drop, Math.Min(oldest.Length, length - 1));
        if (drop <= 0 || AuditRecord.FromEntry(oldest[drop - 1]) is not { } last)
        {
            return;
        }

        var anchorText = await db.StringGetAsync(keys.AuditAnchor);
        var tx = db.CreateTransaction();
        tx.AddCondition(anchorText.IsNull ? Condition.KeyNotExists(keys.AuditAnchor) : Condition.StringEqual(keys.AuditAnchor, anchorText));
        _ = tx.StreamDeleteAsync(keys.Audit, [.. oldest.Take(drop).Select(e => e.Id)]);
        _ = tx.StringSetAsync(keys.AuditAnchor, AuditChain.Position(last.Seq, last.Hash));

        // Another writer trimming at the same time moved the anchor: its trim stands, the next append trims again.
        await tx.ExecuteAsync();
    }

    /// <summary>Raises the state folder's witness; a failure there is logged, the entry being in the stream already.</summary>
    private async Task WitnessAsync(string stateDirectory, AuditRecord appended)
    {
        try
        {
            await AuditWitness.RaiseAsync(stateDirectory, appended.Seq, appended.Hash);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StateException)
        {
            AuditLog.WitnessFailed(logger, ex.Message);
        }
    }

    private static SealingKey KeyOf(string stateDirectory)
    {
        StateFiles.EnsureFolder(stateDirectory);
        return StateKey.Resolve(stateDirectory, Environment.GetEnvironmentVariable, mayGenerate: !SecretState.Exists(stateDirectory)).Audit;
    }

    private static async Task<string> KeepAsync(string stateDirectory, AuditRecord draft)
    {
        try
        {
            await AuditPending.AddAsync(stateDirectory, draft);
            return $"kept in {Path.Combine(stateDirectory, AuditPending.FileName)} until Redis takes it";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StateException)
        {
            return $"and not kept locally either ({ex.Message}): the entry is lost";
        }
    }
}
