namespace PryvBus.Leader.Rollout;

/// <summary>One wave in <c>rollout status</c>: its number, whether admitted, its followers.</summary>
public sealed record RolloutWaveView(int Number, bool Admitted, IReadOnlyList<RolloutFollowerView> Followers);
