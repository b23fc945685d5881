namespace PryvBus.Shared.Versions;

/// <summary>
/// How the follower tells that a component is healthy after a restart or reload: its containers run, their Docker
/// health check (if any) says healthy, and the optional probe succeeds — an HTTP GET on a loopback
/// <paramref name="Url"/> answering 2xx, or a <paramref name="Command"/> run in the container exiting 0, each within
/// <paramref name="TimeoutSeconds"/>. It must become healthy within <paramref name="WindowSeconds"/> and stay so for
/// <paramref name="SoakSeconds"/>.
/// </summary>
public sealed record ComponentHealth(string? Url, IReadOnlyList<string>? Command, int TimeoutSeconds, int WindowSeconds, int SoakSeconds)
{
    /// <summary>No probe, the default window and soak: what a component without a <c>health</c> declaration gets.</summary>
    public static ComponentHealth Default { get; } = new(null, null, ComponentRules.DefaultProbeTimeoutSeconds,
        ComponentRules.DefaultHealthWindowSeconds, ComponentRules.DefaultSoakSeconds);
}
