using PryvBus.Shared.Settings;
using PryvBus.Shared.Versions;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the optional <c>components</c> section, one entry per component (a role's top-level folder), for every role
/// that has that folder: <c>"nginx": { "reload": { "action": "signal", "signal": "HUP" }, "check": { "command":
/// ["nginx","-t"], "timeoutSeconds": 20 } }</c>. <c>action</c> is <c>restart</c> (the default), <c>signal</c> (a name
/// from <see cref="ComponentRules.Signals"/>) or <c>exec</c> (<c>command</c>, <c>timeoutSeconds</c>). The same bounds as
/// the follower applies to the signed field (<see cref="ComponentRules"/>).
/// </summary>
internal static class ComponentsReader
{
    private const string Shape = "{ \"reload\": { \"action\": \"restart\"|\"signal\"|\"exec\", … }, \"check\": { \"command\": […], \"timeoutSeconds\": 30 }, \"health\": { … } }";
    private const string HealthShape = "{ \"url\": \"http://127.0.0.1:PORT/PATH\" | \"command\": […], \"timeoutSeconds\": 5, \"windowSeconds\": 60, \"soakSeconds\": 10 }";

    public static IReadOnlyDictionary<string, ComponentSpec> Read(SettingsSection root)
    {
        var result = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal);
        var components = root.Section("components", "of COMPONENT: " + Shape);
        foreach (var entry in components?.Entries() ?? [])
        {
            if (ComponentRules.NameProblem(entry.Name) is { } problem)
            {
                entry.Error(problem);
                continue;
            }

            if (result.Count >= ComponentRules.MaxComponents)
            {
                entry.Error($"more than {ComponentRules.MaxComponents} components");
                break;
            }

            if (result.ContainsKey(entry.Name) || entry.AsSection(Shape) is not { } section)
            {
                continue; // A name defined twice is reported once when the document completes.
            }

            var before = section.Document.Errors.Count;
            var reload = section.Section("reload", "{ action, signal | command, timeoutSeconds }") is { } r ? ReadReload(r) : ReloadAction.Restart;
            var check = section.Section("check", "{ command, timeoutSeconds }") is { } c
                ? ReadCommand(c, ComponentRules.DefaultCheckTimeoutSeconds) is { } command ? new ComponentCheck(command.Command, command.Timeout) : null
                : null;
            var health = section.Section("health", HealthShape) is { } h ? ReadHealth(h) : null;
            if (section.Document.Errors.Count == before)
            {
                result[entry.Name] = new ComponentSpec(reload, check, health);
            }
        }

        return result;
    }

    private static ComponentHealth ReadHealth(SettingsSection health)
    {
        var url = health.Text("url", hint: "a loopback URL such as \"http://127.0.0.1:8080/health\"");
        if (url is not null && ComponentRules.ProbeUrlProblem(url) is { } problem)
        {
            health.Error("url", problem);
        }

        var command = health.Value("command") is null ? null : ReadCommand(health, ComponentRules.DefaultProbeTimeoutSeconds);
        if (url is not null && command is not null)
        {
            health.Error("command", "one probe per component: url or command, not both");
        }

        var timeout = command?.Timeout
            ?? health.WholeNumber("timeoutSeconds", ComponentRules.MinTimeoutSeconds, ComponentRules.MaxTimeoutSeconds)
            ?? ComponentRules.DefaultProbeTimeoutSeconds;
        var window = health.WholeNumber("windowSeconds", 1, ComponentRules.MaxHealthSeconds) ?? ComponentRules.DefaultHealthWindowSeconds;
        var soak = health.WholeNumber("soakSeconds", 0, ComponentRules.MaxHealthSeconds) ?? ComponentRules.DefaultSoakSeconds;
        return new ComponentHealth(url, command?.Command, timeout, window, soak);
    }

    private static ReloadAction ReadReload(SettingsSection reload)
    {
        switch (reload.Text("action") ?? "restart")
        {
            case "restart":
                return ReloadAction.Restart;
            case "signal":
                var signal = reload.Text("signal", required: true, hint: "a signal name such as \"HUP\"");
                if (signal is not null && ComponentRules.SignalProblem(signal) is { } problem)
                {
                    reload.Error("signal", problem);
                }

                return new ReloadAction(ReloadKind.Signal, signal, [], ComponentRules.DefaultReloadTimeoutSeconds);
            case "exec":
                var command = ReadCommand(reload, ComponentRules.DefaultReloadTimeoutSeconds);
                return new ReloadAction(ReloadKind.Exec, null, command?.Command ?? [], command?.Timeout ?? ComponentRules.DefaultReloadTimeoutSeconds);
            case var other:
                reload.Error("action", $"must be \"restart\", \"signal\" or \"exec\", not \"{SettingsKeys.Printable(other)}\"");
                return ReloadAction.Restart;
        }
    }

    private static (IReadOnlyList<string> Command, int Timeout)? ReadCommand(SettingsSection section, int defaultTimeout)
    {
        var timeout = section.WholeNumber("timeoutSeconds", ComponentRules.MinTimeoutSeconds, ComponentRules.MaxTimeoutSeconds) ?? defaultTimeout;
        var command = section.Strings("command", "strings, the program first, such as [\"nginx\", \"-t\"]");
        if (command is null)
        {
            if (section.Value("command") is null)
            {
                section.Error("command", "is required: an array of strings, the program first");
            }

            return null;
        }

        if (ComponentRules.CommandProblem(command) is { } problem)
        {
            section.Error("command", problem);
            return null;
        }

        return (command, timeout);
    }
}
