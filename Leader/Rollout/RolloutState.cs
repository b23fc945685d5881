using System.Globalization;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// The rollout of one role, kept in <c>{prefix}:rollout:{role}</c> so a restarted leader resumes where it was: the
/// version rolled out (generation, serial), the index of the last admitted wave, the phase, when the wave was admitted,
/// when it was first seen applied and healthy (the soak clock when followers report no health), the last good serial
/// (the pin target), the serial a pin created, the skipped followers and the reason of a halt.
/// </summary>
public sealed record RolloutState(
    long Generation,
    long Serial,
    int Wave,
    string Phase,
    long WaveAdmittedMs,
    long WaveHealthyMs,
    long LastGood,
    long PinSerial,
    IReadOnlyList<string> Skipped,
    string Reason)
{
    public HashEntry[] ToEntries() =>
    [
        new("generation", Generation), new("serial", Serial), new("wave", Wave), new("phase", Phase),
        new("waveAdmitted", WaveAdmittedMs), new("waveHealthy", WaveHealthyMs), new("lastGood", LastGood),
        new("pinSerial", PinSerial), new("skipped", string.Join(',', Skipped)), new("reason", Reason),
    ];

    /// <summary>Null when absent or not a state this leader wrote (then the rollout starts again from wave 1: never all at once).</summary>
    public static RolloutState? Parse(HashEntry[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        if (!VersionNumber.TryParse(fields.GetValueOrDefault("generation"), out var generation)
            || !VersionNumber.TryParse(fields.GetValueOrDefault("serial"), out var serial)
            || !int.TryParse(fields.GetValueOrDefault("wave"), NumberStyles.None, CultureInfo.InvariantCulture, out var wave)
            || fields.GetValueOrDefault("phase") is not { } phase || !RolloutPhase.IsKnown(phase))
        {
            return null;
        }

        return new RolloutState(
            generation, serial, wave, phase, Number(fields, "waveAdmitted"), Number(fields, "waveHealthy"), Number(fields, "lastGood"),
            Number(fields, "pinSerial"),
            fields.GetValueOrDefault("skipped") is { Length: > 0 } skipped ? skipped.Split(',') : [],
            fields.GetValueOrDefault("reason") ?? string.Empty);
    }

    private static long Number(Dictionary<string, string> fields, string name) =>
        long.TryParse(fields.GetValueOrDefault(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
