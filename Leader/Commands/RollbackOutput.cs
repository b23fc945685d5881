namespace PryvBus.Leader.Commands;

/// <summary><c>rollback --json</c>.</summary>
internal sealed record RollbackOutput(string Role, long From, long Serial, bool Stored, bool Pinned);
