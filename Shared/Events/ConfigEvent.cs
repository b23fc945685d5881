using System.Text.Json;

namespace PryvBus.Shared.Events;

/// <summary>Published by the leader once a new version of a role is stored.</summary>
public sealed record ConfigEvent(string RoleName, long Serial, string Sha256) : BusEvent
{
    public const string Type = "config";

    public override string Role => RoleName;

    public override string ToJson() => JsonSerializer.Serialize(
        new Wire { Type = Type, Role = RoleName, Serial = Serial, Sha256 = Sha256 },
        EventJsonContext.Default.Wire);

    internal sealed class Wire
    {
        public string? Type { get; set; }
        public string? Role { get; set; }
        public long Serial { get; set; }
        public string? Sha256 { get; set; }
    }
}
