namespace PryvBus.Leader.Status;

/// <summary>
/// Where one declared follower stands against its role's current version. A serial means something only within its
/// store generation: the follower is converged when its applied (generation, serial) is the store's.
/// </summary>
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
    /// <summary>The store generation of the follower's applied version (null: not reported or not valid).</summary>
    public long? AppliedGeneration { get; init; }

    /// <summary>
    /// The follower's last compose step ("done|failed|pending {time}: {what}"), null when none ran. A failed or pending
    /// one does not stop convergence: the files are applied, the services named there were not brought up.
    /// </summary>
    public string? Compose { get; init; }

    /// <summary>The compose step needs the operator's eye (failed or waiting for Docker or the compose tool).</summary>
    public bool ComposeTrouble => Compose is not null && (Compose.StartsWith("failed", StringComparison.Ordinal) || Compose.StartsWith("pending", StringComparison.Ordinal));

    /// <summary>The follower's wave while its role's rollout is active (<c>1/2 admitted</c>…; <see cref="RolloutWaves"/>), else null.</summary>
    public string? Wave { get; init; }

    /// <summary>The components the follower restarted last and when ("core,nginx at 2026-…Z"), null when none.</summary>
    public string? LastRestart { get; init; }

    /// <summary>The store's generation (null when Redis has none or holds garbage).</summary>
    public long? CurrentGeneration { get; init; }

    /// <summary>The follower never wrote its status hash.</summary>
    public bool NeverSeen => State == "never seen";

    /// <summary>Whether the applied version is of the store's generation (its serial can be compared to the current one).</summary>
    public bool SameGeneration => AppliedGeneration is not null && AppliedGeneration == CurrentGeneration;

    /// <summary>
    /// Serials behind the current one (null when either is unknown). A follower whose applied version is of another
    /// generation (or did not say which) has none of the current generation's serials: its lag is the current serial.
    /// </summary>
    public long? Lag => Applied is null || Current is null ? null : Math.Max(0, Current.Value - (SameGeneration ? Applied.Value : 0));

    public bool Converged => !NeverSeen && Current is not null && Applied == Current && SameGeneration && State == Shared.Status.FollowerState.Ok;
}
