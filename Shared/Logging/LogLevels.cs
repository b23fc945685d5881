using Microsoft.Extensions.Logging;

namespace PryvBus.Shared.Logging;

/// <summary>
/// The values of <c>PRYVBUS_LOG_LEVEL</c>: a level's name, in any case (<c>info</c> and <c>warn</c> too, as the log
/// writes them). Numbers and anything else are refused, so a typo is an error at load rather than a silent default.
/// </summary>
public static class LogLevels
{
    public const string Variable = "PRYVBUS_LOG_LEVEL";

    public const string Allowed = "trace, debug, information (info), warning (warn), error, critical";

    private static readonly Dictionary<string, LogLevel> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["trace"] = LogLevel.Trace,
        ["debug"] = LogLevel.Debug,
        ["information"] = LogLevel.Information,
        ["info"] = LogLevel.Information,
        ["warning"] = LogLevel.Warning,
        ["warn"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
        ["critical"] = LogLevel.Critical,
    };

    public static bool TryParse(string? text, out LogLevel level) => Names.TryGetValue(text ?? string.Empty, out level);

    /// <summary>The level in force: the variable's (checked at load by the settings reader), information when unset.</summary>
    public static LogLevel FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text && TryParse(text, out var level) ? level : LogLevel.Information;
}
