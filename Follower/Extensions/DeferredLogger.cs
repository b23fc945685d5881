using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Extensions;

/// <summary>A logger of <see cref="DeferredLoggerFactory"/>: the host's logger of the same category once attached.</summary>
internal sealed class DeferredLogger(DeferredLoggerFactory factory, string category) : ILogger
{
    private ILogger? _inner;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Inner()?.BeginScope(state);

    /// <summary>Before the host's factory is attached every level is kept: its loggers filter when the lines are written.</summary>
    public bool IsEnabled(LogLevel logLevel) => Inner()?.IsEnabled(logLevel) ?? logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Inner() is { } inner)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        factory.Write(category, logger => logger.Log(logLevel, eventId, state, exception, formatter));
    }

    private ILogger? Inner() => _inner ??= factory.Target?.CreateLogger(category);
}
