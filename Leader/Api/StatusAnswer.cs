namespace PryvBus.Leader.Api;

/// <summary><c>/status</c>: whether every follower is converged, and each one.</summary>
internal sealed record StatusAnswer(bool Converged, IEnumerable<FollowerAnswer> Followers);
