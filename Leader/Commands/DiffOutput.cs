namespace PryvBus.Leader.Commands;

/// <summary><c>diff --json</c>: paths only.</summary>
internal sealed record DiffOutput(string Role, long From, long To, IEnumerable<string> Added, IEnumerable<string> Removed, IEnumerable<string> Changed);
