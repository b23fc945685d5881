using System.Text.Json;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the optional <c>secrets</c> section:
/// <c>"NAME": { "scope": "role"|"platform", "length": 32, "alphabet": "alphanumeric"|"hex"|"base64url"|"&lt;characters&gt;", "description": "…" }</c>.
/// </summary>
internal static class SecretsReader
{
    public static IReadOnlyDictionary<string, SecretSpec> Read(JsonElement root, SettingsErrors errors)
    {
        var result = new Dictionary<string, SecretSpec>(StringComparer.Ordinal);
        if (!root.TryGetProperty("secrets", out var secrets))
        {
            return result;
        }

        if (secrets.ValueKind != JsonValueKind.Object)
        {
            errors.Add("secrets", "must be an object of NAME: { scope, length, alphabet, description }");
            return result;
        }

        foreach (var entry in secrets.EnumerateObject())
        {
            var key = "secrets." + entry.Name;
            if (!SettingsLoader.IsIdentifier(entry.Name))
            {
                errors.Add(key, "a secret name must start with a letter or '_' and hold only letters, digits and '_'");
                continue;
            }

            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(key, "must be an object: { \"scope\": \"role\"|\"platform\", \"length\": 32, \"alphabet\": \"alphanumeric\" }");
                continue;
            }

            var spec = ReadSpec(entry.Name, entry.Value, key, errors);
            if (spec is not null)
            {
                result[entry.Name] = spec;
            }
        }

        return result;
    }

    private static SecretSpec? ReadSpec(string name, JsonElement value, string key, SettingsErrors errors)
    {
        var before = errors.Count;
        var scopeText = SettingsLoader.OptionalString(value, "scope", errors, key + ".") ?? "role";
        SecretScope? scope = scopeText switch
        {
            "role" => SecretScope.Role,
            "platform" => SecretScope.Platform,
            _ => null,
        };
        if (scope is null)
        {
            errors.Add(key + ".scope", $"must be \"role\" or \"platform\", not \"{scopeText}\"");
        }

        var length = SettingsLoader.OptionalInt(value, "length", errors, key + ".") ?? SecretSpec.DefaultLength;
        if (length is < SecretSpec.MinLength or > SecretSpec.MaxLength)
        {
            errors.Add(key + ".length", $"must be between {SecretSpec.MinLength} and {SecretSpec.MaxLength}, not {length}");
        }

        var alphabetText = SettingsLoader.OptionalString(value, "alphabet", errors, key + ".") ?? "alphanumeric";
        var alphabet = SecretSpec.NamedAlphabets.GetValueOrDefault(alphabetText, alphabetText);
        if (alphabet.Distinct().Count() != alphabet.Length || alphabet.Length < 2 || alphabet.Any(char.IsControl))
        {
            errors.Add(key + ".alphabet", "must be alphanumeric, hex, base64url, or at least 2 distinct printable characters");
        }

        var description = SettingsLoader.OptionalString(value, "description", errors, key + ".");
        foreach (var extra in value.EnumerateObject().Where(p => p.Name is not ("scope" or "length" or "alphabet" or "description")))
        {
            errors.Add($"{key}.{extra.Name}", "unknown field (expected scope, length, alphabet, description)");
        }

        return errors.Count == before ? new SecretSpec(name, scope!.Value, length, alphabet, description) : null;
    }
}
