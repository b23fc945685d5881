using System.Text.Json.Serialization;

namespace PryvBus.Leader.State;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StoreRecordDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
