using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Agent;

/// <summary>Log events of the sync loop added for issue 11 (ids 2500-2549): stable ids, never a secret value.</summary>
internal static partial class SyncLoopLog
{
    [LoggerMessage(2500, LogLevel.Error, "Redis refused the sync of role {Role} ({Reason}); keeping the applied config, retrying in {Seconds:0.0} s, this line again in 5 minutes if it persists ({Suppressed} repeat(s) not logged)")]
    public static partial void RedisRefused(ILogger logger, string role, string reason, double seconds, int suppressed);

    [LoggerMessage(2501, LogLevel.Debug, "Redis still refuses the sync of role {Role} ({Reason})")]
    public static partial void RedisStillRefusing(ILogger logger, string role, string reason);

    [LoggerMessage(2510, LogLevel.Warning, "The config event of version {Serial} of role {Role} named changed files that do not make that version ({Reason}); reading the version whole")]
    public static partial void DeltaRefused(ILogger logger, string role, long serial, string reason);
}
