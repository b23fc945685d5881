using System.Text.Json.Serialization;

namespace PryvBus.Follower.Applying;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VersionSnapshot))]
[JsonSerializable(typeof(RevertRecord))]
internal sealed partial class RevertJsonContext : JsonSerializerContext;
