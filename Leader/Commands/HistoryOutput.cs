namespace PryvBus.Leader.Commands;

/// <summary><c>history --json</c>: the retained versions, newest first.</summary>
internal sealed record HistoryOutput(string Role, long? Current, long? PinnedAt, IEnumerable<HistoryVersionOutput> Versions);
