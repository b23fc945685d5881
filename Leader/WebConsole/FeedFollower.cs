using PryvBus.Leader.Status;

namespace PryvBus.Leader.WebConsole;

/// <summary>One follower's row in the convergence feed.</summary>
internal sealed record FeedFollower(
    string Id, string Role, long? Applied, long? Current, long? Lag, string State, string? Wave, string? Updated, string? LastRestart,
    string? Compose, string? Error, bool Converged)
{
    public static FeedFollower Of(FollowerConvergence row) => new(
        row.Id, row.Role, row.Applied, row.Current, row.Lag, row.State, row.Wave, row.Updated, row.LastRestart, row.Compose, row.Error, row.Converged);
}
