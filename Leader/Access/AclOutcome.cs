namespace PryvBus.Leader.Access;

public enum AclOutcome
{
    /// <summary>Every follower has its user; users of followers no longer listed are deleted.</summary>
    Provisioned,

    /// <summary><c>acl.provision</c> is false: nothing was touched.</summary>
    Disabled,

    /// <summary>The server has no ACLs or the leader's user may not manage them: reported once, nothing touched.</summary>
    Unsupported,

    /// <summary>Redis failed (unreachable, a rule refused): reported, retried on the next pass.</summary>
    Failed,
}
