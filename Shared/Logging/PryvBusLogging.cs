using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace PryvBus.Shared.Logging;

/// <summary>
/// The console logging of both programs, the same whatever the environment or an <c>appsettings.json</c> says:
/// <see cref="OneLineConsoleFormatter"/> on standard output; information and up from PryvBus, warnings and up from
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
        logging.AddConsole();
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, OneLineConsoleFormatter>());
        logging.Services.AddSingleton<IConfigureOptions<ConsoleLoggerOptions>>(
            new ConfigureOptions<ConsoleLoggerOptions>(options => options.FormatterName = OneLineConsoleFormatter.FormatterName));
        return logging;
    }
}
