using PryvBus.Follower.Containers;

namespace PryvBus.Follower.Settings;

/// <summary>
/// Reads the <c>containers</c> section: <c>enabled</c>, <c>composeProject</c>, <c>names</c> (component → container
/// names), <c>stopTimeoutSeconds</c>, <c>parallelism</c>, <c>waitTimeoutSeconds</c>, <c>maxAttempts</c>,
/// <c>retryDelaySeconds</c>, <c>endpoint</c>.
/// </summary>
internal static class ContainerSettingsReader
{
    /// <summary>ContainerSettings' own names → the JSON keys an operator writes.</summary>
    private static readonly Dictionary<string, string> JsonKeys = new(StringComparer.Ordinal)
    {
        ["ComposeProject"] = "composeProject",
        ["ContainerNames"] = "names",
        ["StopTimeout"] = "stopTimeoutSeconds",
        ["Parallelism"] = "parallelism",
        ["WaitTimeout"] = "waitTimeoutSeconds",
        ["MaxAttempts"] = "maxAttempts",
        ["RetryDelay"] = "retryDelaySeconds",
        ["Endpoint"] = "endpoint",
    };

    public static ContainerSettings? Read(JsonSection? section, out bool valid)
    {
        valid = true;
        if (section is null)
        {
            return new ContainerSettings();
        }

        var enabled = section.Bool("enabled") ?? true;
        var defaults = new ContainerSettings();
        var settings = new ContainerSettings
        {
            ComposeProject = section.String("composeProject") ?? defaults.ComposeProject,
            ContainerNames = section.StringListMap("names") ?? defaults.ContainerNames,
            StopTimeout = Seconds(section, "stopTimeoutSeconds") ?? defaults.StopTimeout,
            Parallelism = (int)(section.Number("parallelism") ?? defaults.Parallelism),
            WaitTimeout = Seconds(section, "waitTimeoutSeconds") ?? defaults.WaitTimeout,
            MaxAttempts = (int)(section.Number("maxAttempts") ?? defaults.MaxAttempts),
            RetryDelay = Seconds(section, "retryDelaySeconds") ?? defaults.RetryDelay,
            Endpoint = section.String("endpoint") ?? defaults.Endpoint,
        };
        section.ReportUnknownKeys();
        foreach (var error in settings.Validate())
        {
            valid = false;
            var colon = error.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? error[..colon] : "containers";
            section.Error(JsonKeys.GetValueOrDefault(name, name), colon > 0 ? error[(colon + 1)..].Trim() : error);
        }

        return enabled ? settings : null;
    }

    private static TimeSpan? Seconds(JsonSection section, string name) =>
        section.Number(name) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
