namespace PryvBus.Leader.Access;

/// <summary>What one provisioning pass did: user names only, never a key or a password hash.</summary>
public sealed record AclProvisionResult(AclOutcome Outcome, IReadOnlyList<string> Users, IReadOnlyList<string> Removed, string? Reason = null)
{
    public static AclProvisionResult Disabled { get; } = new(AclOutcome.Disabled, [], []);
}
