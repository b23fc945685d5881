using System.Globalization;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// Commands a test's own redis-server ran, by name (<c>INFO commandstats</c>: <c>get</c>, <c>acl|setuser</c>…). Counts
/// are the whole server's: a class that uses them keeps its server to itself (its tests run one at a time).
/// </summary>
public static class CommandStats
{
    /// <summary>How many times each command ran while <paramref name="action"/> did.</summary>
    public static async Task<Dictionary<string, long>> DuringAsync(RedisServer redis, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = await ReadAsync(redis);
        await action();
        var after = await ReadAsync(redis);
        return after.ToDictionary(e => e.Key, e => e.Value - before.GetValueOrDefault(e.Key), StringComparer.Ordinal);
    }

    /// <summary>Every command's call count so far.</summary>
    public static async Task<Dictionary<string, long>> ReadAsync(RedisServer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var info = (string?)await redis.Db.ExecuteAsync("INFO", "commandstats") ?? string.Empty;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in info.Split('\n').Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)))
        {
            var name = line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)];
            var calls = line.Split(',')[0].Split('=')[1];
            counts[name] = long.Parse(calls, CultureInfo.InvariantCulture);
        }

        return counts;
    }
}
