namespace PryvBus.Leader.Commands;

/// <summary>One token in <c>tokens list</c>.</summary>
internal sealed record TokenRowOutput(string Id, string Name, string? Label, string Created);
