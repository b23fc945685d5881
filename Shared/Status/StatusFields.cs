namespace PryvBus.Shared.Status;

/// <summary>Field names of the <c>{prefix}:follower:{id}</c> status hash.</summary>
public static class StatusFields
{
    public const string Role = "role";

    /// <summary>The applied serial (0 before the first apply).</summary>
    public const string Serial = "serial";

    /// <summary>
    /// The store generation of the applied version (0 before the first apply). A serial means something only within its
    /// generation: the leader compares (generation, serial), never the serial alone.
    /// </summary>
    public const string Generation = "generation";

    /// <summary>The leader's serial the follower last saw: behind when it differs from <see cref="Serial"/>.</summary>
    public const string Wanted = "wanted";

    public const string Sha256 = "sha256";
    public const string State = "state";
    public const string Error = "error";
    public const string Updated = "updated";
    public const string Host = "host";

    /// <summary>The components whose restart was requested last ("all", "core,nginx"), and why.</summary>
    public const string RestartRequested = "restartRequested";

    /// <summary>The components restarted last by Docker ("core,nginx"); see <see cref="RestartPrefix"/> for each result.</summary>
    public const string Restarted = "restarted";

    public const string RestartedAt = "restartedAt";
    public const string RestartReason = "restartReason";

    /// <summary>Components whose restart waits for the Docker daemon ("core,nginx", "all"); empty when none.</summary>
    public const string RestartPending = "restartPending";

    /// <summary>Per component: <c>restart:{component}</c> = "{result} {ISO-8601 time}[: error]".</summary>
    public const string RestartPrefix = "restart:";

    /// <summary>
    /// The compose step's last pass (after a <c>pryv.yml</c> change): "{done|failed|pending} {ISO-8601 time}: {what}",
    /// at most 1,000 characters.
    /// </summary>
    public const string Compose = "compose";

    /// <summary>Per compose service: <c>image:{service}</c> = "wanted {image}; running {image}[; error: …]", bounded.</summary>
    public const string ImagePrefix = "image:";

    /// <summary>
    /// The health of the applied version's changed components after an apply (issue 15): <see cref="HealthValues"/>.
    /// The serial and generation it is about are <see cref="HealthSerial"/> and <see cref="HealthGeneration"/>.
    /// </summary>
    public const string Health = "health";

    /// <summary>The serial whose health <see cref="Health"/> reports.</summary>
    public const string HealthSerial = "healthSerial";

    /// <summary>The generation of <see cref="HealthSerial"/>.</summary>
    public const string HealthGeneration = "healthGeneration";

    /// <summary>Unix milliseconds since which <see cref="Health"/> has been <c>healthy</c> (the leader's soak clock).</summary>
    public const string HealthySince = "healthySince";

    /// <summary>Per component: <c>health:{component}</c> = "{healthy|unhealthy|waiting} {ISO-8601 time}[: why]", bounded.</summary>
    public const string HealthPrefix = "health:";

    /// <summary>When the follower reverted a version (state <c>reverted</c>): "{serial} {generation}: {reason}", bounded.</summary>
    public const string Reverted = "reverted";
}
