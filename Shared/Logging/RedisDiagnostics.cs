using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Gives the Redis multiplexer a logger so its connection diagnostics (endpoints tried, reconnects, failovers) reach
/// the process's logs, all at Debug: it logs every failed reconnect as an error, while PryvBus itself already says once
/// that Redis is unreachable and once that it is back (BackendOutage), so at the default level nothing floods.
/// The password is masked should it ever appear in a line.
/// </summary>
public static class RedisDiagnostics
{
    public static ConfigurationOptions WithLogging(this ConfigurationOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.LoggerFactory = new DemotedLoggerFactory(loggerFactory, options.Password);
        return options;
    }

    /// <summary>Every level becomes Debug, except Trace (stays Trace) and None.</summary>
    public static LogLevel Demote(LogLevel level) => level is LogLevel.Trace or LogLevel.None ? level : LogLevel.Debug;
}
