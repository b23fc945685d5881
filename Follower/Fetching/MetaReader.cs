using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Follower.Fetching;

/// <summary>
/// Reads the fields of a version's meta that the follower needs, with one <c>HMGET</c> (one reply to parse, not one per
/// field). The user a leader of this release provisions may run it; a user whose rules predate it (an older leader's, or
/// written by hand) refuses it, inside <c>MULTI</c> as an <c>EXECABORT</c> that names no command. The caller then reads
/// again with one <c>HGET</c> per field and, when that read succeeds, asks <c>HMGET</c> alone (<see cref="BlameAsync"/>),
/// where a refusal names its command: only a refusal of <c>HMGET</c> is logged, once, and the follower keeps to
/// <c>HGET</c>s until it restarts (one or two <c>ACL LOG</c> entries per process, not one per read). A transaction
/// refused for another reason, for a moment (another command's rule, <c>LOADING</c>, <c>BUSY</c>), leaves <c>HMGET</c> in
/// use (logged at debug, event 302).
/// </summary>
internal sealed class MetaReader(string followerId, string? user, ILogger logger)
{
    private static readonly RedisValue[] HeadFields = [MetaFields.Sha256, MetaFields.Generation];

    private readonly string[] _names =
        [MetaFields.Role, MetaFields.Generation, MetaFields.Serial, MetaFields.Sha256, MetaFields.SecretFiles, MetaFields.Components, MetaFields.Signature(followerId)];

    private RedisValue[] Fields => field ??= [.. _names.Select(n => (RedisValue)n)];

    private volatile bool _refused;
    private int _reported;

    /// <summary>False once <c>HMGET</c> was refused and a read with <c>HGET</c>s then succeeded.</summary>
    public bool ByHmget => !_refused;

    /// <summary>Queues the read of the meta at <paramref name="key"/> in <paramref name="tx"/>; one value per field, null when absent.</summary>
    public Task<RedisValue[]> Queue(ITransaction tx, RedisKey key, bool byHmget) =>
        byHmget ? tx.HashGetAsync(key, Fields) : Task.WhenAll(Fields.Select(field => tx.HashGetAsync(key, field)));

    /// <summary>
    /// Runs <paramref name="tx"/>; false when it was refused as a whole (<c>EXECABORT</c>) while it read the meta with
    /// <c>HMGET</c>: the caller reads again with <c>HGET</c>s and calls <see cref="BlameAsync"/> once that worked.
    /// </summary>
    public static async Task<bool> ExecuteAsync(ITransaction tx, bool byHmget)
    {
        try
        {
            await tx.ExecuteAsync();
            return true;
        }
        catch (RedisServerException ex) when (byHmget && ex.Message.StartsWith("EXECABORT", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>
    /// After a transaction that read the meta at <paramref name="key"/> with <c>HMGET</c> was refused and the read with
    /// <c>HGET</c>s then succeeded: asks <c>HMGET</c> alone, and keeps to <c>HGET</c>s only when the server refuses that
    /// command. Any other answer or failure blames nothing (the next read tries <c>HMGET</c> again); the read stands.
    /// </summary>
    public async Task BlameAsync(IDatabase db, RedisKey key)
    {
        try
        {
            await db.HashGetAsync(key, HeadFields);
            FollowerLog.HmgetNotBlamed(logger, "answered");
        }
        catch (RedisServerException ex) when (IsHmgetRefusal(ex))
        {
            Refused();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Not HMGET's refusal: the read already succeeded, and what failed here fails the next read if it lasts.
            FollowerLog.HmgetNotBlamed(logger, LogText.Escape(BackendOutage.Describe(ex)));
        }
    }

    /// <summary>The sha256 and generation of the meta at <paramref name="key"/>, each null when absent.</summary>
    public async Task<(RedisValue Sha256, RedisValue Generation)> HeadAsync(IDatabase db, RedisKey key)
    {
        if (ByHmget)
        {
            try
            {
                var head = await db.HashGetAsync(key, HeadFields);
                return (head[0], head[1]);
            }
            catch (RedisServerException ex) when (IsHmgetRefusal(ex))
            {
                Refused();
            }
        }

        // Two HGETs sent together: one round trip.
        var sha = db.HashGetAsync(key, HeadFields[0]);
        var generation = db.HashGetAsync(key, HeadFields[1]);
        return (await sha, await generation);
    }

    private static bool IsHmgetRefusal(RedisServerException ex) =>
        ex.Message.StartsWith("NOPERM", StringComparison.Ordinal) && ex.Message.Contains("'hmget'", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server refused <c>HMGET</c> itself: keeps to <c>HGET</c>s.</summary>
    private void Refused()
    {
        _refused = true;
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            FollowerLog.HmgetRefused(logger, user ?? "default");
        }
    }

    /// <summary>The fields read, by name; the absent ones left out.</summary>
    public Dictionary<string, string> Entries(RedisValue[] values)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length && i < values.Length; i++)
        {
            if (!values[i].IsNull)
            {
                entries[_names[i]] = values[i]!;
            }
        }

        return entries;
    }
}
