using Microsoft.Extensions.Logging;

namespace PryvBus.Leader.Rollout;

internal static partial class RolloutLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "rollout {Role} serial {Serial}: {Transition} (wave {Wave} of {Waves}) {Detail}")]
    public static partial void Changed(ILogger logger, string role, long serial, string transition, int wave, int waves, string detail);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "rollout {Role} serial {Serial}: halted: {Reason}")]
    public static partial void Halted(ILogger logger, string role, long serial, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Error, Message = "rollout {Role}: step failed: {Reason}")]
    public static partial void StepFailed(ILogger logger, string role, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "rollout {Role} serial {Serial}: {Transition} not written, the rollout changed meanwhile (an operator or another step); decided again from its new state")]
    public static partial void Conflict(ILogger logger, string role, long serial, string transition);
}
