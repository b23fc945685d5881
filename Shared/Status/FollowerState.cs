namespace PryvBus.Shared.Status;

/// <summary>Values of the <c>state</c> field of the status hash.</summary>
public static class FollowerState
{
    public const string Ok = "ok";
    public const string Applying = "applying";
    public const string Error = "error";

    /// <summary>The follower restored the last good version after a changed component failed its health (issue 15).</summary>
    public const string Reverted = "reverted";

    /// <summary>The role is under a rollout policy and this follower's admission for the leader's serial is missing or invalid.</summary>
    public const string Waiting = "waiting";
}
