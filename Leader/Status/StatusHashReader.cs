using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PryvBus.Leader.Status;

/// <summary>
/// Reads follower status hashes without trusting their size: a follower (or anyone holding its leaked key) writes
/// its own hash, so the leader never loads it whole. First <c>HLEN</c> (constant time); then, for a hash of at most
/// <see cref="MaxFields"/> fields, <c>MEMORY USAGE … SAMPLES 0</c> (every field counted, so at most that many);
/// then only the fields asked for, with <c>HMGET</c>. A hash over either limit, or a key that is not a hash, is
/// rejected: logged naming the follower (event 2600) and deleted, and the caller reports it on the follower's row.
/// A value written between the check and the read is bounded by Redis's <c>proto-max-bulk-len</c> (16 MB shipped),
/// and is cut to <see cref="MaxFieldLength"/> characters.
/// </summary>
public sealed partial class StatusHashReader(IConnectionMultiplexer redis, ILogger? logger = null)
{
    /// <summary>An honest follower writes about a dozen fields plus one per restarted component.</summary>
    public const int MaxFields = 256;

    /// <summary>An honest follower's hash takes a few kilobytes; error texts included, 256 KiB is far above it.</summary>
    public const long MaxBytes = 256 * 1024;

    /// <summary>A field longer than this (possible only in the race above) is cut for display.</summary>
    public const int MaxFieldLength = 4096;

    /// <param name="statusKeys">Follower id → its status hash key.</param>
    /// <param name="fields">The fields to read (the others are never loaded).</param>
    public async Task<IReadOnlyDictionary<string, StatusHash>> ReadAsync(IReadOnlyDictionary<string, RedisKey> statusKeys, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(statusKeys);
        ArgumentNullException.ThrowIfNull(fields);
        var db = redis.GetDatabase();
        var lengths = await InBatchAsync(db, statusKeys, (batch, key) => batch.HashLengthAsync(key));
        var result = new Dictionary<string, StatusHash>(StringComparer.Ordinal);
        var sized = new Dictionary<string, RedisKey>(StringComparer.Ordinal);
        foreach (var (id, key) in statusKeys)
        {
            switch (lengths[id])
            {
                case (_, string error):
                    result[id] = await RejectAsync(db, id, key, error);
                    break;
                case (0, _):
                    result[id] = StatusHash.Missing;
                    break;
                case (> MaxFields, _):
                    result[id] = await RejectAsync(db, id, key, $"{lengths[id].Value} fields, more than {MaxFields}");
                    break;
                default:
                    sized[id] = key;
                    break;
            }
        }

        var sizes = await InBatchAsync(db, sized, (batch, key) => batch.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));
        var readable = new Dictionary<string, RedisKey>(StringComparer.Ordinal);
        foreach (var (id, key) in sized)
        {
            var (usage, error) = sizes[id];
            var bytes = usage is null || usage.IsNull ? 0 : (long)usage;
            if (error is not null || bytes > MaxBytes)
            {
                result[id] = await RejectAsync(db, id, key, error ?? $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes, more than {MaxBytes}");
            }
            else
            {
                readable[id] = key;
            }
        }

        var names = fields.Select(f => (RedisValue)f).ToArray();
        var values = await InBatchAsync(db, readable, (batch, key) => batch.HashGetAsync(key, names));
        foreach (var (id, key) in readable)
        {
            var (read, error) = values[id];
            result[id] = error is not null
                ? await RejectAsync(db, id, key, error)
                : new StatusHash(Fields(fields, read ?? []), null);
        }

        return result;
    }

    private static Dictionary<string, string> Fields(IReadOnlyList<string> names, RedisValue[] values)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count && i < values.Length; i++)
        {
            if (!values[i].IsNull)
            {
                var text = values[i].ToString();
                fields[names[i]] = text.Length <= MaxFieldLength ? text : text[..MaxFieldLength] + "…";
            }
        }

        return fields;
    }

    /// <summary>One batch for every key; a key that is not a hash gets an error (any other failure is thrown).</summary>
    private static async Task<Dictionary<string, (T? Value, string? Error)>> InBatchAsync<T>(
        IDatabase db, IReadOnlyDictionary<string, RedisKey> keys, Func<IBatch, RedisKey, Task<T>> command)
    {
        var batch = db.CreateBatch();
        var tasks = keys.ToDictionary(k => k.Key, k => command(batch, k.Value), StringComparer.Ordinal);
        batch.Execute();
        var results = new Dictionary<string, (T?, string?)>(StringComparer.Ordinal);
        foreach (var (id, task) in tasks)
        {
            try
            {
                results[id] = (await task, null);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
            {
                results[id] = (default, "not a hash");
            }
        }

        return results;
    }

    private async Task<StatusHash> RejectAsync(IDatabase db, string id, RedisKey key, string reason)
    {
        await db.KeyDeleteAsync(key);
        if (logger is not null)
        {
            StatusHashRejected(logger, id, key.ToString(), reason);
        }

        return new StatusHash(new Dictionary<string, string>(StringComparer.Ordinal), $"status hash rejected ({reason}) and deleted: was the follower's key leaked?");
    }

    [LoggerMessage(2600, LogLevel.Warning, "Follower {Follower}: its status hash {Key} was rejected ({Reason}) and deleted. Only the follower's key can write it: if the follower did not, that key has leaked (replace it)")]
    private static partial void StatusHashRejected(ILogger logger, string follower, string key, string reason);
}
