namespace PryvBus.Leader.Status;

/// <summary>Where one declared follower stands against its role's current serial.</summary>
public sealed record FollowerConvergence(
    string Id,
    string Role,
    long? Applied,
    long? Current,
    string State,
    string? Updated,
    string? Error,
    string? Host)
{
    /// <summary>The follower never wrote its status hash.</summary>
    public bool NeverSeen => State == "never seen";

    /// <summary>Serials behind the current one (null when either is unknown).</summary>
    public long? Lag => Applied is null || Current is null ? null : Math.Max(0, Current.Value - Applied.Value);

    public bool Converged => !NeverSeen && Current is not null && Applied == Current && State == Shared.Status.FollowerState.Ok;
}
