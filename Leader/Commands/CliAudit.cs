using Microsoft.Extensions.Logging;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>The audit trail of a command-line run: the same chained stream as the service's; a warning goes to standard error.</summary>
public static class CliAudit
{
    public static IAuditTrail For(LeaderSettings settings, IConnectionMultiplexer redis, TextWriter? error = null) =>
        new RedisAuditTrail(redis, () => settings, new Warnings(error ?? Console.Error));

    /// <summary>Writes warnings as one line each (no stack trace); quieter levels are dropped.</summary>
    private sealed class Warnings(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                error.WriteLine("warning: " + formatter(state, null));
            }
        }
    }
}
