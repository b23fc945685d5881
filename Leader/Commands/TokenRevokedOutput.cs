namespace PryvBus.Leader.Commands;

/// <summary><c>tokens revoke --json</c>.</summary>
internal sealed record TokenRevokedOutput(string Name, string Id, bool Revoked);
