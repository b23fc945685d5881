using System.Text.Json.Serialization;

namespace PryvBus.Follower.Applying;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(ManifestDeltaRecord))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
