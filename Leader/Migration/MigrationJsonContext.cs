using System.Text.Json.Serialization;

namespace PryvBus.Leader.Migration;

/// <summary>Strings quoted as JSON by the import, source-generated (trimming- and Native AOT-safe); the options pick the escaping.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class MigrationJsonContext : JsonSerializerContext;
