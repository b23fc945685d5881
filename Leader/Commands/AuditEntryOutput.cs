namespace PryvBus.Leader.Commands;

/// <summary>One entry in <c>audit --json</c>.</summary>
internal sealed record AuditEntryOutput(string Id, long Seq, string Time, string Actor, string ActorRole, string Source, string Action, string? Reason, string? Role, string? Detail);
