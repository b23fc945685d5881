namespace PryvBus.Leader.Pipeline;

/// <summary>The outcome of the leader's last render pass, for <c>/health</c>.</summary>
public sealed class RenderHistory
{
    private volatile Snapshot? _last;

    public Snapshot? Last => _last;

    public void Record(IReadOnlyList<RoleReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        _last = new Snapshot(DateTimeOffset.UtcNow, reports.Where(r => r.Failed).Select(r => r.Role).ToArray(), null);
    }

    public void RecordFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _last = new Snapshot(DateTimeOffset.UtcNow, [], exception.Message);
    }

    /// <param name="At">When the pass ended.</param>
    /// <param name="FailedRoles">Roles whose templates did not render.</param>
    /// <param name="Error">Why the whole pass failed (Redis unreachable…); null when it ran.</param>
    public sealed record Snapshot(DateTimeOffset At, IReadOnlyList<string> FailedRoles, string? Error)
    {
        public bool Ok => Error is null && FailedRoles.Count == 0;
    }
}
