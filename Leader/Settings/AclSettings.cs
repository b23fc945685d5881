namespace PryvBus.Leader.Settings;

/// <summary>
/// The <c>acl</c> section: whether the leader keeps one Redis ACL user per follower (<c>{prefix}:follower:{id}</c>,
/// password = the follower's key). On by default; a server without ACLs, or a leader user without the
/// <c>ACL</c> commands, is reported once and rendering goes on.
/// </summary>
public sealed record AclSettings(bool Provision)
{
    public static AclSettings Default { get; } = new(Provision: true);
}
