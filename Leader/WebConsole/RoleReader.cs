using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Leader.WebConsole.Pages;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary>What the roles and history pages show, read from the store (meta hashes only: no file content).</summary>
internal static class RoleReader
{
    public static async Task<IReadOnlyList<RoleSummary>> SummariesAsync(LeaderSettings settings, IConnectionMultiplexer redis)
    {
        var result = new List<RoleSummary>();
        foreach (var role in settings.Roles())
        {
            var (current, pinned, rows) = await HistoryAsync(settings, redis, role);
            var latest = rows.FirstOrDefault(r => r.Serial == current);
            result.Add(new RoleSummary(role, current, pinned, rows.Count, latest?.Created, latest?.Reason));
        }

        return result;
    }

    /// <returns>The current serial, the pin, and the retained versions newest first.</returns>
    public static async Task<(long? Current, long? PinnedAt, IReadOnlyList<HistoryRow> Rows)> HistoryAsync(LeaderSettings settings, IConnectionMultiplexer redis, string role)
    {
        var store = new VersionStore(redis, settings.Keys, settings.HistoryLength);
        var current = await store.CurrentSerialAsync(role);
        long? pinned;
        try
        {
            pinned = await new Rollback(redis, settings).PinnedAtAsync(role);
        }
        catch (StoreDataException)
        {
            pinned = null;
        }

        var db = redis.GetDatabase();
        var rows = new List<HistoryRow>();
        foreach (var serial in (await store.HistoryAsync(role)).Reverse())
        {
            var meta = (await db.HashGetAllAsync(settings.Keys.Meta(role, serial))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            rows.Add(new HistoryRow(serial, meta.GetValueOrDefault(MetaFields.Created), meta.GetValueOrDefault(MetaFields.Files), meta.GetValueOrDefault(MetaFields.Sha256), meta.GetValueOrDefault(MetaFields.Reason)));
        }

        return (current, pinned, rows);
    }
}
