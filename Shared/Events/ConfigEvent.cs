using System.Text.Json;

namespace PryvBus.Shared.Events;

/// <summary>
/// Published by the leader once a new version of a role is stored; with the files changed since the version it last
/// announced (<see cref="Delta"/>) when it knows them.
/// </summary>
public sealed record ConfigEvent(string RoleName, long Serial, string Sha256) : BusEvent
{
    public const string Type = "config";

    public override string Role => RoleName;

    /// <summary>What changed since another version (untrusted on the follower's side: a hint of what to fetch); null when not known.</summary>
    public ConfigDelta? Delta { get; init; }

    public override string ToJson() => JsonSerializer.Serialize(
        new Wire
        {
            Type = Type, Role = RoleName, Serial = Serial, Sha256 = Sha256,
            Base = Delta?.BaseSha256, Changed = Delta?.Changed, Removed = Delta?.Removed,
        },
        EventJsonContext.Default.Wire);

    internal sealed class Wire
    {
        public string? Type { get; set; }
        public string? Role { get; set; }
        public long Serial { get; set; }
        public string? Sha256 { get; set; }

        public string? Base { get; set; }

        public IReadOnlyList<string>? Changed { get; set; }

        public IReadOnlyList<string>? Removed { get; set; }
    }
}
