using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Shared.Versions;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// Watches every follower's applied (generation, serial) in its manifest: it may only grow. A follower that ever
/// applied an older version than one it had applied is recorded as a violation.
/// </summary>
internal sealed class SoakOrderWatch
{
    private readonly Dictionary<string, (long Generation, long Serial)> _seen = new(StringComparer.Ordinal);

    public List<string> Violations { get; } = [];

    public static (long Generation, long Serial)? Applied(string root)
    {
        // The follower's own reader: manifest.json with the records of manifest.delta, an append in progress not yet seen.
        return ManifestStore.ReadApplied(root, NullLogger.Instance) is { } manifest ? (manifest.Generation, manifest.Serial) : null;
    }

    public void Observe(string followerId, string root)
    {
        if (Applied(root) is not { } now)
        {
            return;
        }

        if (_seen.TryGetValue(followerId, out var before) && VersionOrder.Compare(now.Generation, now.Serial, before.Generation, before.Serial) < 0)
        {
            Violations.Add($"{followerId} went from {before} to {now}");
        }

        _seen[followerId] = now;
    }
}
