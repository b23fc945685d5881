using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.Audit;

/// <summary>
/// One change to record: what (<see cref="Action"/>, e.g. <c>value.set</c>, <c>render</c>, <c>rollback</c>), who, why,
/// which role if one, and a masked diff or short detail (never a secret value).
/// </summary>
public sealed record AuditEntry(string Action, Actor Actor, string? Reason = null, string? Role = null, string? Detail = null)
{
    /// <summary>When the change was made, for an entry recorded after the render it started; null: when it is recorded.</summary>
    public DateTimeOffset? At { get; init; }
}
