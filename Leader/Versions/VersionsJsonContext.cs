using System.Text.Json.Serialization;

namespace PryvBus.Leader.Versions;

[JsonSerializable(typeof(string[]))]
internal sealed partial class VersionsJsonContext : JsonSerializerContext;
