using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The meta field <c>components</c>: a role's declared reload actions and checks, as JSON
/// <c>{"nginx":{"reload":{"action":"signal","signal":"HUP"},"check":{"command":["nginx","-t"],"timeoutSeconds":20},
/// "health":{"url":"http://127.0.0.1/ok","timeoutSeconds":5,"windowSeconds":60,"soakSeconds":10}}}</c>.
/// Written by the leader in one canonical form (names in ordinal order) and covered by the signature
/// (<see cref="VersionSignature"/>, format 3); read by the follower as hostile input (<see cref="Read"/>).
/// </summary>
public static class ComponentsField
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    /// <summary>The canonical text; null when nothing is declared (the field is then left out).</summary>
    public static string? Write(IReadOnlyDictionary<string, ComponentSpec> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var (name, spec) in components.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteStartObject("reload");
                json.WriteString("action", spec.Reload.Kind.ToString().ToLowerInvariant());
                if (spec.Reload.Kind == ReloadKind.Signal)
                {
                    json.WriteString("signal", spec.Reload.Signal);
                }
                else if (spec.Reload.Kind == ReloadKind.Exec)
                {
                    WriteCommand(json, spec.Reload.Command, spec.Reload.TimeoutSeconds);
                }

                json.WriteEndObject();
                if (spec.Check is { } check)
                {
                    json.WriteStartObject("check");
                    WriteCommand(json, check.Command, check.TimeoutSeconds);
                    json.WriteEndObject();
                }

                if (spec.Health is { } health)
                {
                    ComponentHealthJson.Write(json, health);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The declarations, or null with <paramref name="problem"/> naming the field that is refused. An absent field
    /// (null) means "every component restarts, none is checked" and gives an empty map.
    /// </summary>
    public static IReadOnlyDictionary<string, ComponentSpec>? Read(string? json, out string? problem)
    {
        problem = null;
        var result = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal);
        if (json is null)
        {
            return result;
        }

        if (json.Length > ComponentRules.MaxFieldLength)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"meta {MetaFields.Components} is longer than {ComponentRules.MaxFieldLength} characters");
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"meta {MetaFields.Components} is not a JSON object";
                return null;
            }

            foreach (var component in document.RootElement.EnumerateObject())
            {
                var where = $"meta {MetaFields.Components}.{VersionNumber.Excerpt(component.Name)}";
                if (result.Count >= ComponentRules.MaxComponents || result.ContainsKey(component.Name))
                {
                    problem = $"{where}: more than {ComponentRules.MaxComponents} components, or one named twice";
                    return null;
                }

                var spec = ReadSpec(component.Name, component.Value, where, out problem);
                if (spec is null)
                {
                    return null;
                }

                result[component.Name] = spec;
            }

            return result;
        }
        catch (JsonException)
        {
            problem = $"meta {MetaFields.Components} is not valid JSON";
            return null;
        }
    }

    private static ComponentSpec? ReadSpec(string name, JsonElement value, string where, out string? problem)
    {
        problem = ComponentRules.NameProblem(name);
        if (problem is not null || value.ValueKind != JsonValueKind.Object || !ComponentJson.OnlyKeys(value, "reload", "check", "health"))
        {
            problem = $"{where}: {problem ?? "must be an object { reload, check, health }"}";
            return null;
        }

        var reload = ReloadAction.Restart;
        if (value.TryGetProperty("reload", out var reloadElement))
        {
            var read = ComponentJson.ReadReload(reloadElement, out problem);
            if (read is null)
            {
                problem = $"{where}.reload: {problem}";
                return null;
            }

            reload = read;
        }

        ComponentCheck? check = null;
        if (value.TryGetProperty("check", out var checkElement))
        {
            var command = ComponentJson.ReadCommand(checkElement, ComponentRules.DefaultCheckTimeoutSeconds, out var timeout, out problem);
            if (command is null || !ComponentJson.OnlyKeys(checkElement, "command", "timeoutSeconds"))
            {
                problem = $"{where}.check: {problem ?? "unknown key"}";
                return null;
            }

            check = new ComponentCheck(command, timeout);
        }

        ComponentHealth? health = null;
        if (value.TryGetProperty("health", out var healthElement))
        {
            health = ComponentHealthJson.Read(healthElement, out problem);
            if (health is null)
            {
                problem = $"{where}.health: {problem}";
                return null;
            }
        }

        return new ComponentSpec(reload, check, health);
    }

    private static void WriteCommand(Utf8JsonWriter json, IReadOnlyList<string> command, int timeoutSeconds)
    {
        json.WriteStartArray("command");
        foreach (var argument in command)
        {
            json.WriteStringValue(argument);
        }

        json.WriteEndArray();
        json.WriteNumber("timeoutSeconds", timeoutSeconds);
    }
}
