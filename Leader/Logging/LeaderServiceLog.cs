using Microsoft.Extensions.Logging;

namespace PryvBus.Leader.Logging;

/// <summary>Log events of the leader's loop and pipeline added for issue 11 (ids 2500-2549): stable ids, never a secret value.</summary>
internal static partial class LeaderServiceLog
{
    [LoggerMessage(2500, LogLevel.Warning, "Cannot watch the inputs for changes ({Reason}); changes are picked up by the periodic check every {Seconds} s")]
    public static partial void WatcherUnavailable(ILogger logger, string reason, double seconds);

    [LoggerMessage(2501, LogLevel.Warning, "Role {Role} is pinned: its pinned content is now serial {Serial}, the pin moved from serial {From} ({Why})")]
    public static partial void PinMoved(ILogger logger, string role, long from, long serial, string why);

    [LoggerMessage(2502, LogLevel.Error, "Redis refused the render pass ({Reason}); retrying in {Seconds:0.0} s, this line again in 5 minutes if it persists ({Suppressed} repeat(s) not logged)")]
    public static partial void RedisRefused(ILogger logger, string reason, int suppressed, double seconds);

    [LoggerMessage(2503, LogLevel.Debug, "Redis still refuses the render pass ({Reason})")]
    public static partial void RedisStillRefusing(ILogger logger, string reason);

    [LoggerMessage(2504, LogLevel.Information, "SIGHUP was ignored when the leader started (nohup, trap '' HUP, a supervisor's setting): the leader takes it back, as a request to reload its settings and render, never to stop")]
    public static partial void HangupWasIgnored(ILogger logger);
}
