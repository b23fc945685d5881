namespace PryvBus.Leader.Commands;

/// <summary><c>secrets set --json</c>: the hashes the value went into, or why none.</summary>
internal sealed record SecretSetOutput(string Name, IReadOnlyList<string> SetIn, string? Error);
