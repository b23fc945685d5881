using Microsoft.Extensions.Logging;

namespace PryvBus.Shared.Logging;

/// <summary>
/// The console logging of both programs, the same whatever the environment or an <c>appsettings.json</c> says:
/// <see cref="OneLineConsoleFormatter"/> on standard output, written by the thread that logs (<see cref="OneLineLoggerProvider"/>); information and up from PryvBus, warnings and up from
/// the framework (one request is no longer six info lines); <c>PRYVBUS_LOG_LEVEL=debug</c> shows everything
/// down to debug, request logs included.
/// </summary>
public static class PryvBusLogging
{
    public const string LevelVariable = LogLevels.Variable;

    public static ILoggingBuilder AddPryvBusConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        // Checked at load by the settings reader (SettingsDocument): an unknown level has already stopped the start.
        var level = LogLevels.FromEnvironment();
        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", level <= LogLevel.Debug ? level : LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", level);

        // The host's own report of a failed start or a failed loop: the program prints it as one line on stderr.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level <= LogLevel.Debug ? level : LogLevel.None);
        logging.AddFilter("System", level <= LogLevel.Debug ? level : LogLevel.Warning);
        logging.AddProvider(new OneLineLoggerProvider(Console.OpenStandardOutput()));
        return logging;
    }
}
