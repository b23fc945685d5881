namespace PryvBus.Leader.WebConsole;

/// <summary>An event of the convergence feed when the rows cannot be read.</summary>
internal sealed record FeedError(string Error);
