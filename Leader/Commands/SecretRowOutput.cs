namespace PryvBus.Leader.Commands;

/// <summary>One secret in <c>secrets list</c>.</summary>
internal sealed record SecretRowOutput(string Name, string Scope, string Hash, IReadOnlyList<string> UsedBy, bool Overridden);
