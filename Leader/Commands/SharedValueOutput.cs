namespace PryvBus.Leader.Commands;

/// <summary>A value several names share in <c>import --json</c>.</summary>
internal sealed record SharedValueOutput(string Value, string[] Names, int Occurrences);
