using System.Text.Json.Serialization;

namespace PryvBus.Leader.Values;

/// <summary>A typed value that is not JSON, kept as a JSON string: source-generated (trimming- and Native AOT-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ValuesJsonContext : JsonSerializerContext;
