using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PryvBus.Shared.Logging;

/// <summary>
/// The log format of both programs, one line per entry:
/// <c>2026-11-30T02:49:19.123Z info  PryvBus.Follower.Receiving.EventSubscription[200] Subscribed to pryvbus:events</c>.
/// The timestamp is UTC with milliseconds; the message is escaped (<see cref="LogText"/>), so no logged value can
/// start a line of its own or send a terminal escape; an exception is its type and message (and those of its inner
/// exceptions), never a stack trace.
/// </summary>
public sealed class OneLineConsoleFormatter(TimeProvider time)
{
    public OneLineConsoleFormatter()
        : this(TimeProvider.System)
    {
    }

    public void Write<TState>(in LogEntry<TState> logEntry, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(' ');
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        textWriter.Write(LogText.Escape(message));
        for (var exception = logEntry.Exception; exception is not null; exception = exception.InnerException)
        {
            textWriter.Write(exception == logEntry.Exception ? " (" : " <- ");
            textWriter.Write(exception.GetType().Name);
            textWriter.Write(": ");
            textWriter.Write(LogText.Escape(exception.Message));
            textWriter.Write(exception.InnerException is null ? ")" : string.Empty);
        }

        textWriter.Write('\n');
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce ",
        LogLevel.Debug => "dbug ",
        LogLevel.Information => "info ",
        LogLevel.Warning => "warn ",
        LogLevel.Error => "fail ",
        LogLevel.Critical => "crit ",
        _ => "none ",
    };
}
