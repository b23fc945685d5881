using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PryvBus.Tests.Fixtures;

/// <summary>Captures log events in memory, so a test can wait for "the service noticed" instead of guessing a delay.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Message, string Category)> _entries = new();

    public IReadOnlyList<(int EventId, LogLevel Level, string Message, string Category)> Entries => [.. _entries];

    /// <summary>PryvBus's own entries: the Redis client logs with event ids of its own, which may be the same numbers.</summary>
    public IReadOnlyList<(int EventId, LogLevel Level, string Message, string Category)> Ours =>
        [.. _entries.Where(e => e.Category.StartsWith("PryvBus.", StringComparison.Ordinal))];

    public bool Has(int eventId) => Ours.Any(e => e.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Collector(_entries, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(ConcurrentQueue<(int, LogLevel, string, string)> entries, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((eventId.Id, logLevel, formatter(state, exception), category));
    }
}
