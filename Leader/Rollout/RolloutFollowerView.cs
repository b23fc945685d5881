namespace PryvBus.Leader.Rollout;

/// <summary>One follower in <c>rollout status</c>: what it runs and reports, healthy at the rolled-out version or not.</summary>
public sealed record RolloutFollowerView(string Id, long Serial, string State, string Health, bool Healthy, bool Skipped);
