using System.Text.Json.Serialization;

namespace PryvBus.Leader.Secrets;

/// <summary>A secret as a JSON string, source-generated (trimming- and Native AOT-safe); the options pick the escaping.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;
