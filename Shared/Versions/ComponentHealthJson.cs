using System.Text.Json;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The <c>health</c> part of a component in the <c>components</c> meta field:
/// <c>{"url":"http://127.0.0.1:8080/ok"} | {"command":[…]}</c>, plus <c>timeoutSeconds</c>, <c>windowSeconds</c>,
/// <c>soakSeconds</c>; written in one canonical form, read as hostile input.
/// </summary>
internal static class ComponentHealthJson
{
    private static readonly string[] Keys = ["url", "command", "timeoutSeconds", "windowSeconds", "soakSeconds"];

    internal static void Write(Utf8JsonWriter json, ComponentHealth health)
    {
        json.WriteStartObject("health");
        if (health.Url is not null)
        {
            json.WriteString("url", health.Url);
        }

        if (health.Command is not null)
        {
            json.WriteStartArray("command");
            foreach (var argument in health.Command)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
        }

        json.WriteNumber("timeoutSeconds", health.TimeoutSeconds);
        json.WriteNumber("windowSeconds", health.WindowSeconds);
        json.WriteNumber("soakSeconds", health.SoakSeconds);
        json.WriteEndObject();
    }

    internal static ComponentHealth? Read(JsonElement element, out string? problem)
    {
        problem = "must be an object { url | command, timeoutSeconds, windowSeconds, soakSeconds }";
        if (element.ValueKind != JsonValueKind.Object || !ComponentJson.OnlyKeys(element, Keys))
        {
            return null;
        }

        string? url = null;
        if (element.TryGetProperty("url", out var u))
        {
            url = u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            if (ComponentRules.ProbeUrlProblem(url) is { } bad)
            {
                problem = "url " + bad;
                return null;
            }
        }

        IReadOnlyList<string>? command = null;
        var timeout = ComponentRules.DefaultProbeTimeoutSeconds;
        if (element.TryGetProperty("command", out _))
        {
            if (url is not null)
            {
                problem = "has both url and command: one probe per component";
                return null;
            }

            command = ComponentJson.ReadCommand(element, ComponentRules.DefaultProbeTimeoutSeconds, out timeout, out problem);
            if (command is null)
            {
                return null;
            }
        }
        else if (!Seconds(element, "timeoutSeconds", ComponentRules.DefaultProbeTimeoutSeconds, ComponentRules.MinTimeoutSeconds, ComponentRules.MaxTimeoutSeconds, out timeout, out problem))
        {
            return null;
        }

        if (!Seconds(element, "windowSeconds", ComponentRules.DefaultHealthWindowSeconds, 1, ComponentRules.MaxHealthSeconds, out var window, out problem)
            || !Seconds(element, "soakSeconds", ComponentRules.DefaultSoakSeconds, 0, ComponentRules.MaxHealthSeconds, out var soak, out problem))
        {
            return null;
        }

        problem = null;
        return new ComponentHealth(url, command, timeout, window, soak);
    }

    private static bool Seconds(JsonElement element, string name, int fallback, int min, int max, out int value, out string? problem)
    {
        value = fallback;
        problem = null;
        if (!element.TryGetProperty(name, out var v))
        {
            return true;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out value) || value < min || value > max)
        {
            problem = $"{name} must be a whole number between {min} and {max}";
            return false;
        }

        return true;
    }
}
