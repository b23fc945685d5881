using System.Globalization;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// What a follower's status hash says about one version, read as untrusted input (a follower can write only its own
/// hash, and can at worst hold its own wave back or halt the rollout). Without a <c>health</c> field (a follower without
/// the health gate) <c>state ok</c> with the version applied counts as healthy.
/// </summary>
public sealed record FollowerReport(string State, long Generation, long Serial, long Wanted, string? Health, long HealthGeneration, long HealthSerial, long HealthySinceMs, string Error)
{
    public static FollowerReport? Parse(HashEntry[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            fields[(string)entry.Name!] = (string?)entry.Value ?? string.Empty;
        }

        return new FollowerReport(
            fields.GetValueOrDefault(StatusFields.State) ?? string.Empty,
            Number(fields, StatusFields.Generation),
            Number(fields, StatusFields.Serial),
            Number(fields, StatusFields.Wanted),
            fields.GetValueOrDefault(StatusFields.Health),
            Number(fields, StatusFields.HealthGeneration),
            Number(fields, StatusFields.HealthSerial),
            Number(fields, StatusFields.HealthySince),
            fields.GetValueOrDefault(StatusFields.Error) ?? string.Empty);
    }

    public bool Applied(long generation, long serial) => Generation == generation && Serial == serial;

    /// <summary>
    /// A revert or an error of an admitted follower about this serial (wanted or applied): halts the rollout. An error left
    /// from an earlier version does not, until the follower has tried this one.
    /// </summary>
    public bool Failed(long serial) => (State is FollowerState.Reverted or FollowerState.Error) && (Wanted == serial || Serial == serial);

    /// <summary>Healthy at this version, and since when (unix ms; 0 when the follower reports no health: the leader's clock then).</summary>
    public bool Healthy(long generation, long serial, out long sinceMs)
    {
        sinceMs = 0;
        if (!Applied(generation, serial) || State != FollowerState.Ok)
        {
            return false;
        }

        if (Health is null)
        {
            return true;
        }

        sinceMs = HealthySinceMs;
        return Health == HealthValues.Healthy && HealthGeneration == generation && HealthSerial == serial && HealthySinceMs > 0;
    }

    private static long Number(Dictionary<string, string> fields, string name) =>
        VersionNumber.TryParse(fields.GetValueOrDefault(name), out var value) ? value : 0;
}
