using System.Text.Json;
using PryvBus.Shared.Settings;

namespace PryvBus.Follower.Settings;

/// <summary>
/// Reads the <c>containers</c> section: <c>enabled</c>, <c>composeProject</c>, <c>names</c> (component → container
/// names), <c>stopTimeoutSeconds</c>, <c>parallelism</c>, <c>waitTimeoutSeconds</c>, <c>maxAttempts</c>,
/// <c>retryDelaySeconds</c>, <c>endpoint</c>, <c>composeCommand</c>, <c>composeTimeoutSeconds</c>, <c>composePull</c>,
/// <c>composeRemoveServices</c>.
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
        ["ComposeCommand"] = "composeCommand",
        ["ComposeTimeout"] = "composeTimeoutSeconds",
    };

    public static ContainerSettings? Read(SettingsSection? section, out bool valid)
    {
        valid = true;
        if (section is null)
        {
            return new ContainerSettings();
        }

        var before = section.Document.Errors.Count;
        var enabled = section.Flag("enabled") ?? true;
        var defaults = new ContainerSettings();
        var settings = new ContainerSettings
        {
            ComposeProject = section.Text("composeProject") ?? defaults.ComposeProject,
            ContainerNames = Names(section) ?? defaults.ContainerNames,
            StopTimeout = Seconds(section, "stopTimeoutSeconds") ?? defaults.StopTimeout,
            Parallelism = section.WholeNumber("parallelism", 1, 1000) ?? defaults.Parallelism,
            WaitTimeout = Seconds(section, "waitTimeoutSeconds") ?? defaults.WaitTimeout,
            MaxAttempts = section.WholeNumber("maxAttempts", 1, 100) ?? defaults.MaxAttempts,
            RetryDelay = Seconds(section, "retryDelaySeconds") ?? defaults.RetryDelay,
            Endpoint = section.Text("endpoint") ?? defaults.Endpoint,
            ComposeCommand = section.Strings("composeCommand", "arguments, e.g. [\"docker\", \"compose\"]") ?? defaults.ComposeCommand,
            ComposeTimeout = Seconds(section, "composeTimeoutSeconds") ?? defaults.ComposeTimeout,
            ComposePull = section.Flag("composePull") ?? defaults.ComposePull,
            ComposeRemoveServices = section.Flag("composeRemoveServices") ?? defaults.ComposeRemoveServices,
        };
        valid = section.Document.Errors.Count == before;
        foreach (var error in settings.Validate())
        {
            valid = false;
            var colon = error.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? error[..colon] : "containers";
            section.Error(JsonKeys.GetValueOrDefault(name, name), colon > 0 ? error[(colon + 1)..].Trim() : error);
        }

        return enabled ? settings : null;
    }

    /// <summary>Seconds as a number; the range is checked by <see cref="ContainerSettings.Validate"/> (bounded here: at most a day).</summary>
    private static TimeSpan? Seconds(SettingsSection section, string name) =>
        section.Number(name, 0, 86_400) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary><c>names</c>: component → container names, an object of arrays of strings.</summary>
    private static Dictionary<string, IReadOnlyList<string>>? Names(SettingsSection section)
    {
        var names = section.Section("names", "of component: [\"container\", …]");
        if (names is null)
        {
            return null;
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in names.Entries())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array
                || entry.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
            {
                entry.Error("must be an array of container names");
                continue;
            }

            result[entry.Name] = entry.Value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        }

        return result;
    }
}
