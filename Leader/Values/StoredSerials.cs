using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Values;

/// <summary>
/// Each role's current serial before a value change is written. The file watch sees the leader's own write too, and its
/// pass may store the change before the caller's pass, which then finds the role unchanged: such a role is reported as
/// stored (<see cref="RoleReport.StoredByAnotherPass"/>), at the serial the other pass stored.
/// </summary>
public static class StoredSerials
{
    public static async Task<Dictionary<string, long>> ReadAsync(IConnectionMultiplexer redis, LeaderSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var serials = new Dictionary<string, long>(StringComparer.Ordinal);
        if (settings is null)
        {
            return serials;
        }

        var roles = settings.Roles();
        var values = await redis.GetDatabase().StringGetAsync([.. roles.Select(r => (RedisKey)settings.Keys.Serial(r))]);
        for (var i = 0; i < roles.Count; i++)
        {
            serials[roles[i]] = VersionNumber.TryParse(values[i], out var serial) ? serial : 0;
        }

        return serials;
    }

    /// <summary>
    /// The serials read by <paramref name="reading"/>; empty when the read failed, whatever the failure (they only mark
    /// the reports: a change written and rendered is never turned into an error by them).
    /// </summary>
    public static async Task<Dictionary<string, long>> SettleAsync(Task<Dictionary<string, long>> reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        try
        {
            return await reading;
        }
        catch (Exception)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }
    }

    /// <summary>The report, marked stored when the pass found the role unchanged at a serial stored since <paramref name="before"/>.</summary>
    public static RoleReport Mark(RoleReport report, IReadOnlyDictionary<string, long> before)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(before);
        return report is { Stored: false, Failed: false, PinnedAt: null, Store: { } store } && store.Serial > before.GetValueOrDefault(report.Role, long.MaxValue)
            ? report with { StoredByAnotherPass = true }
            : report;
    }
}
