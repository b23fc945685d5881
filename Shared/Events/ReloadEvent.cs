using System.Text.Json;

namespace PryvBus.Shared.Events;

/// <summary>
/// Restart the named components of a role (every component when none is named) without touching files.
/// Published by ops as JSON or as the plain text <c>reload ROLE [COMPONENT...]</c>.
/// </summary>
public sealed record ReloadEvent(string RoleName, IReadOnlyList<string> Components) : BusEvent
{
    public const string Type = "reload";

    public override string Role => RoleName;

    public bool AllComponents => Components.Count == 0;

    public override string ToJson() => JsonSerializer.Serialize(
        new Wire { Type = Type, Role = RoleName, Components = Components.Count == 0 ? null : [.. Components] },
        EventJsonContext.Default.ReloadWire);

    public bool Equals(ReloadEvent? other) =>
        other is not null && RoleName == other.RoleName && Components.SequenceEqual(other.Components);

    public override int GetHashCode() => HashCode.Combine(RoleName, Components.Count);

    internal sealed class Wire
    {
        public string? Type { get; set; }
        public string? Role { get; set; }
        public List<string>? Components { get; set; }
    }
}
