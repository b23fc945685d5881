namespace PryvBus.Leader.Commands;

/// <summary><c>tokens create --json</c> (the token shown once).</summary>
internal sealed record TokenCreatedOutput(string Name, string Id, string? Label, string Token);
