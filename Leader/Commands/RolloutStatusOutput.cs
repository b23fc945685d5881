using PryvBus.Leader.Rollout;

namespace PryvBus.Leader.Commands;

/// <summary><c>rollout status --json</c>.</summary>
internal sealed record RolloutStatusOutput(string Role, bool Policy, string? Phase, long? Serial, long? Generation, int? Wave, string? Reason, long SoakLeftSeconds, IReadOnlyList<RolloutWaveView> Waves);
