namespace PryvBus.Leader.WebConsole;

/// <summary>One event of the console's convergence feed: how many followers are converged, of how many, and each one.</summary>
internal sealed record FeedAnswer(int Converged, int Total, IEnumerable<FeedFollower> Followers);
