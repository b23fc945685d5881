namespace PryvBus.Leader.Pipeline;

/// <summary>The outcome of the leader's last render pass, for <c>/health</c>; <see cref="Ended"/> once each is recorded.</summary>
public sealed class RenderHistory
{
    private volatile Snapshot? _last;

    /// <summary>Raised after a pass's outcome is recorded (its versions stored and announced, or its failure), on the pass's thread.</summary>
    public event Action? Ended;

    public Snapshot? Last => _last;

    public void Record(IReadOnlyList<RoleReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        _last = new Snapshot(DateTimeOffset.UtcNow, reports.Where(r => r.Failed).Select(r => r.Role).ToArray(), null);
        Ended?.Invoke();
    }

    public void RecordFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _last = new Snapshot(DateTimeOffset.UtcNow, [], exception.Message);
        Ended?.Invoke();
    }

    /// <param name="At">When the pass ended.</param>
    /// <param name="FailedRoles">Roles whose templates did not render.</param>
    /// <param name="Error">Why the whole pass failed (Redis unreachable…); null when it ran.</param>
    public sealed record Snapshot(DateTimeOffset At, IReadOnlyList<string> FailedRoles, string? Error)
    {
        public bool Ok => Error is null && FailedRoles.Count == 0;
    }
}
