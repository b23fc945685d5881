using Microsoft.Extensions.Logging;

namespace PryvBus.Leader;

/// <summary>The leader's main-loop log events added for issue 11 (ids 2500-2549): stable ids, never a secret value.</summary>
internal static partial class LeaderServiceLog
{
    [LoggerMessage(2500, LogLevel.Warning, "Cannot watch the inputs for changes ({Reason}); changes are picked up by the periodic check every {Seconds} s")]
    public static partial void WatcherUnavailable(ILogger logger, string reason, double seconds);
}
