namespace PryvBus.Leader.Audit;

/// <summary>Records nothing: the default until the audit stream is registered.</summary>
public sealed class NullAuditTrail : IAuditTrail
{
    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
