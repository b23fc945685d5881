using Microsoft.Extensions.Logging;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Writes a library's log lines one level quieter (<see cref="RedisDiagnostics.Demote"/>), as one line: the
/// exception's type and message appended (unless the message already holds it), never its stack trace, and <paramref name="secret"/> masked.
/// </summary>
public sealed class DemotedLogger(ILogger inner, string? secret) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(RedisDiagnostics.Demote(logLevel));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var level = RedisDiagnostics.Demote(logLevel);
        if (!inner.IsEnabled(level))
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
        {
            message = $"{message} ({exception.GetType().Name}: {exception.Message})";
        }

        if (!string.IsNullOrEmpty(secret))
        {
            message = message.Replace(secret, "*****", StringComparison.Ordinal);
        }

        inner.Log(level, eventId, message, null, static (text, _) => text);
    }
}
