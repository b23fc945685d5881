using PryvBus.Leader.Status;

namespace PryvBus.Leader.Api;

/// <summary>One follower of <c>/status</c>.</summary>
internal sealed record FollowerAnswer(
    string Id, string Role, long? Applied, long? Current, long? Generation, long? CurrentGeneration, long? Lag,
    string State, string? Updated, string? Error, string? Host, bool Converged)
{
    public static FollowerAnswer Of(FollowerConvergence row) => new(
        row.Id, row.Role, row.Applied, row.Current, row.AppliedGeneration, row.CurrentGeneration, row.Lag,
        row.State, row.Updated, row.Error, row.Host, row.Converged);
}
