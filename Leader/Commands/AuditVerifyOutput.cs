namespace PryvBus.Leader.Commands;

/// <summary><c>audit verify --json</c>.</summary>
internal sealed record AuditVerifyOutput(bool Intact, int Entries, string? BadId, string? Problem);
