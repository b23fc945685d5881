namespace PryvBus.Leader.Commands;

/// <summary>A value held back in <c>import --json</c>.</summary>
internal sealed record HeldValueOutput(string Name, string Value, string Reason, int Occurrences);
