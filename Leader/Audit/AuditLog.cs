using Microsoft.Extensions.Logging;

namespace PryvBus.Leader.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Audit entry {Action} not written to Redis ({Problem}); {Where}")]
    public static partial void RecordFailed(ILogger logger, string action, string problem, string where);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Debug, Message = "Audit entry {Action} not written to Redis either ({Problem}); {Where}")]
    public static partial void RecordStillFailing(ILogger logger, string action, string problem, string where);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Audit trail writes again; {Flushed} pending entrie(s) appended")]
    public static partial void RecordRecovered(ILogger logger, int flushed);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Audit entry appended, but the state folder's witness of the last entry was not raised: {Problem}")]
    public static partial void WitnessFailed(ILogger logger, string problem);
}
