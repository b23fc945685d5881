using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Agent;

/// <summary>The health gate's log events (ids 560–579): stable ids, named properties, no file content.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(560, LogLevel.Information, "Watching the health of {Components} after version {Serial}")]
    public static partial void Watching(ILogger logger, string components, long serial);

    [LoggerMessage(561, LogLevel.Information, "Version {Serial}: {Components} healthy for the soak time")]
    public static partial void Healthy(ILogger logger, long serial, string components);

    [LoggerMessage(562, LogLevel.Error, "Version {Serial}: component {Component} is unhealthy: {Reason}")]
    public static partial void Unhealthy(ILogger logger, long serial, string component, string reason);

    [LoggerMessage(563, LogLevel.Information, "Health watch superseded by newer work (a new version or a reload)")]
    public static partial void Superseded(ILogger logger);

    [LoggerMessage(564, LogLevel.Warning, "Role {Role}: version {Serial} reverted to version {GoodSerial} (components {Components}); it is not applied again until a newer version or a reload: {Reason}")]
    public static partial void Reverted(ILogger logger, string role, long serial, long goodSerial, string components, string reason);

    [LoggerMessage(565, LogLevel.Error, "Version {Serial} is the reverted-to version and is unhealthy too; no further revert: {Reason}")]
    public static partial void RevertedUnhealthy(ILogger logger, long serial, string reason);
}
