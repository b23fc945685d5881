using System.Text.Json;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the <c>platform</c> section. Each entry is either a plain value (<c>"DOMAIN": "pryv.me"</c>)
/// or a documented one (<c>"DOMAIN": { "value": "pryv.me", "description": "…" }</c>).
/// </summary>
internal static class PlatformReader
{
    public static IReadOnlyDictionary<string, PlatformValue> Read(JsonElement root, SettingsErrors errors, IReadOnlySet<string> reserved)
    {
        var result = new Dictionary<string, PlatformValue>(StringComparer.Ordinal);
        if (!root.TryGetProperty("platform", out var platform))
        {
            return result;
        }

        if (platform.ValueKind != JsonValueKind.Object)
        {
            errors.Add("platform", "must be an object of NAME: value");
            return result;
        }

        foreach (var entry in platform.EnumerateObject())
        {
            var key = "platform." + entry.Name;
            if (!SettingsLoader.IsIdentifier(entry.Name))
            {
                errors.Add(key, "a name must start with a letter or '_' and hold only letters, digits and '_' (templates write {{ NAME }})");
                continue;
            }

            if (reserved.Contains(entry.Name))
            {
                errors.Add(key, $"'{entry.Name}' is reserved by the template language; choose another name");
                continue;
            }

            if (result.ContainsKey(entry.Name))
            {
                errors.Add(key, "is defined twice");
                continue;
            }

            var value = entry.Value;
            string? description = null;
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (!value.TryGetProperty("value", out var inner))
                {
                    errors.Add(key, "an object entry needs a 'value' (and may have a 'description')");
                    continue;
                }

                description = SettingsLoader.OptionalString(value, "description", errors, key + ".");
                foreach (var extra in value.EnumerateObject().Where(p => p.Name is not ("value" or "description")))
                {
                    errors.Add($"{key}.{extra.Name}", "unknown field (expected 'value' and 'description')");
                }

                value = inner;
            }

            result[entry.Name] = new PlatformValue(entry.Name, value.Clone(), description);
        }

        return result;
    }
}
