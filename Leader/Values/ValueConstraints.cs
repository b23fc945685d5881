using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>A value's constraints as the settings file declares them (absent ones null).</summary>
public sealed record ValueConstraints(
    string? Type, string? Format, IReadOnlyList<JsonElement>? Enum, string? Pattern, double? Min, double? Max, bool Required);
