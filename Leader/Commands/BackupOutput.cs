namespace PryvBus.Leader.Commands;

/// <summary><c>backup --json</c> (and the text form's counts).</summary>
internal sealed record BackupOutput(string File, int Roles, int Versions, int Secrets, int AuditEntries, int Operators, string? Generation, string KeySource, string KeyId);
