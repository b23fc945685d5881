using System.Text.Json;
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
        var path = Path.Combine(root, ".pryvbus", "manifest.json");
        try
        {
            // Replaced by a rename: always a whole manifest, never a torn one.
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var manifest = document.RootElement;
            var generation = manifest.TryGetProperty("generation", out var g) ? g.GetInt64() : 0;
            return (generation, manifest.GetProperty("serial").GetInt64());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
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
