namespace PryvBus.Leader.Audit;

/// <summary>Where changes are recorded. Recording never throws to the caller: a change that happened is not undone by a failed record.</summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}
