using System.Text.Json;

namespace PryvBus.Shared.Events;

/// <summary>
/// Published by the leader on every rollout state change: <c>{"type":"rollout","role":"core","serial":12,
/// "transition":"wave admitted","phase":"running","wave":2,"detail":"…"}</c>. Followers ignore it (their admission key
/// is the truth); dashboards and tests watch it.
/// </summary>
public sealed record RolloutEvent(string RoleName, long Serial, string Transition, string Phase, int Wave, string Detail) : BusEvent
{
    public const string Type = "rollout";

    public override string Role => RoleName;

    public override string ToJson() => JsonSerializer.Serialize(
        new Wire { Type = Type, Role = RoleName, Serial = Serial, Transition = Transition, Phase = Phase, Wave = Wave, Detail = Detail },
        EventJsonContext.Default.RolloutWire);

    internal sealed class Wire
    {
        public string? Type { get; set; }
        public string? Role { get; set; }
        public long Serial { get; set; }
        public string? Transition { get; set; }
        public string? Phase { get; set; }
        public int Wave { get; set; }
        public string? Detail { get; set; }
    }
}
