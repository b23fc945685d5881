using System.Text.Json;
using PryvBus.Shared.Versions;

namespace PryvBus.Leader.Versions;

/// <summary>A version as read back from Redis.</summary>
public sealed record StoredVersion(
    string Role,
    long Serial,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyDictionary<string, string> Meta)
{
    public string Sha256 => Meta.GetValueOrDefault(MetaFields.Sha256, string.Empty);

    /// <summary>The store generation the version was stored in; 0 when its meta has none (or not a valid one).</summary>
    public long Generation => VersionNumber.TryParse(Meta.GetValueOrDefault(MetaFields.Generation), out var generation) ? generation : 0;

    public IReadOnlySet<string> SecretFiles => ReadSet(MetaFields.SecretFiles);

    public IReadOnlySet<string> Secrets => ReadSet(MetaFields.Secrets);

    private HashSet<string> ReadSet(string field) =>
        Meta.TryGetValue(field, out var json) && json.Length > 0
            ? new HashSet<string>(JsonSerializer.Deserialize(json, VersionsJsonContext.Default.StringArray) ?? [], StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
}
