namespace PryvBus.Leader.Commands;

/// <summary>One follower in <c>status --json</c>.</summary>
internal sealed record StatusRowOutput(string Id, string Role, long? Applied, long? Current, long? Generation, long? CurrentGeneration, long? Lag, string State, string? Updated, string? Error, string? Host, bool Converged, string? Compose, string? Wave);
