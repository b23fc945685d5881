using System.Text.Json;

namespace PryvBus.Shared.Versions;

/// <summary>The parts of <see cref="ComponentsField.Read"/> that read one reload action or one command, as hostile input.</summary>
internal static class ComponentJson
{
    internal static ReloadAction? ReadReload(JsonElement element, out string? problem)
    {
        problem = "must be an object { action, signal | command, timeoutSeconds }";
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("action", out var action)
            || action.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        switch (action.GetString())
        {
            case "restart" when OnlyKeys(element, "action"):
                problem = null;
                return ReloadAction.Restart;
            case "signal" when OnlyKeys(element, "action", "signal"):
                var signal = element.TryGetProperty("signal", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                problem = ComponentRules.SignalProblem(signal);
                return problem is null ? new ReloadAction(ReloadKind.Signal, signal, [], ComponentRules.DefaultReloadTimeoutSeconds) : null;
            case "exec" when OnlyKeys(element, "action", "command", "timeoutSeconds"):
                var command = ReadCommand(element, ComponentRules.DefaultReloadTimeoutSeconds, out var timeout, out problem);
                return command is null ? null : new ReloadAction(ReloadKind.Exec, null, command, timeout);
            default:
                problem = "action must be restart, signal or exec, with only its own keys";
                return null;
        }
    }

    internal static string[]? ReadCommand(JsonElement element, int defaultTimeout, out int timeout, out string? problem)
    {
        timeout = defaultTimeout;
        problem = "must be an object { command, timeoutSeconds }";
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty("timeoutSeconds", out var t))
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out timeout))
            {
                problem = "timeoutSeconds must be a whole number";
                return null;
            }

            if (ComponentRules.TimeoutProblem(timeout) is { } bad)
            {
                problem = "timeoutSeconds " + bad;
                return null;
            }
        }

        if (!element.TryGetProperty("command", out var c) || c.ValueKind != JsonValueKind.Array
            || c.GetArrayLength() > ComponentRules.MaxArguments || c.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
        {
            problem = "command " + ComponentRules.CommandProblem(null);
            return null;
        }

        var command = c.EnumerateArray().Select(a => a.GetString()!).ToArray();
        problem = ComponentRules.CommandProblem(command) is { } commandProblem ? "command " + commandProblem : null;
        return problem is null ? command : null;
    }

    internal static bool OnlyKeys(JsonElement element, params string[] keys) =>
        element.EnumerateObject().All(p => keys.Contains(p.Name, StringComparer.Ordinal));
}
