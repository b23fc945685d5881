using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Gives the Redis multiplexer a logger so its connection diagnostics (endpoints tried, reconnects, failovers) reach
/// the process's logs. Its chatty information lines are written at Debug; warnings and errors keep their level; the
/// password is masked should it ever appear in a line.
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

    /// <summary>Information and Debug become Debug; Trace stays Trace; Warning and above are unchanged.</summary>
    public static LogLevel Demote(LogLevel level) => level is LogLevel.Information ? LogLevel.Debug : level;
}
