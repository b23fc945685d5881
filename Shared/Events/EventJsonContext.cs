using System.Text.Json.Serialization;

namespace PryvBus.Shared.Events;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfigEvent.Wire), TypeInfoPropertyName = "Wire")]
[JsonSerializable(typeof(ReloadEvent.Wire), TypeInfoPropertyName = "ReloadWire")]
[JsonSerializable(typeof(RolloutEvent.Wire), TypeInfoPropertyName = "RolloutWire")]
internal sealed partial class EventJsonContext : JsonSerializerContext;
