using Microsoft.Extensions.Logging;

namespace PryvBus.Leader.Values;

/// <summary>Log events of value changes (ids 2750-2759): names, actors and reasons, never a value.</summary>
internal static partial class ValueLog
{
    [LoggerMessage(2750, LogLevel.Information, "Platform value {Name} changed in {File} by {Actor} ({Source}): {Reason}")]
    public static partial void Changed(ILogger logger, string name, string file, string actor, string source, string reason);

    [LoggerMessage(2751, LogLevel.Warning, "Platform value {Name} was written but not rendered yet ({Problem}); the next pass renders it")]
    public static partial void NotRendered(ILogger logger, string name, string problem);
}
