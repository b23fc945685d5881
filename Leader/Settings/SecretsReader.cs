using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the optional <c>secrets</c> section: how each secret is generated and shared,
/// <c>"NAME": { "scope": "role"|"platform", "length": 32, "alphabet": "alphanumeric"|"hex"|"base64url"|"&lt;characters&gt;", "description": "…" }</c>,
/// and checks the <c>PRYVBUS_SECRET_NAME</c> variables that override secrets.
/// </summary>
internal static class SecretsReader
{
    private const string Shape = "{ \"scope\": \"role\"|\"platform\", \"length\": 32, \"alphabet\": \"alphanumeric\" }";

    /// <summary>The specs the last load with no problem read.</summary>
    public static EntryMemo<SecretSpec> Memo { get; } = new();

    /// <param name="root">The document's root.</param>
    /// <param name="read">Each spec read, by its memo key (<see cref="Memo"/> keeps them when the load has no problem).</param>
    public static IReadOnlyDictionary<string, SecretSpec> Read(SettingsSection root, Dictionary<string, SecretSpec> read)
    {
        CheckOverrides(root.Document);
        var result = new Dictionary<string, SecretSpec>(StringComparer.Ordinal);
        var secrets = root.Section("secrets", "of NAME: " + Shape);
        foreach (var entry in secrets?.Entries() ?? [])
        {
            if (!SettingsLoader.IsIdentifier(entry.Name))
            {
                entry.Error("a secret name must start with a letter or '_' and hold only letters, digits and '_'");
                continue;
            }

            if (result.ContainsKey(entry.Name))
            {
                continue; // Reported once as "is defined twice" when the document completes.
            }

            var key = EntryMemo<SecretSpec>.KeyOf(entry.Name, entry.Value);
            if ((Memo.Find(key) ?? (entry.AsSection(Shape) is { } section ? ReadSpec(entry.Name, section) : null)) is { } spec)
            {
                result[entry.Name] = read[key] = spec;
            }
        }

        return result;
    }

    private static SecretSpec? ReadSpec(string name, SettingsSection value)
    {
        var before = value.Document.Errors.Count;
        var scopeText = value.Text("scope") ?? "role";
        SecretScope? scope = scopeText switch
        {
            "role" => SecretScope.Role,
            "platform" => SecretScope.Platform,
            _ => null,
        };
        if (scope is null)
        {
            value.Error("scope", $"must be \"role\" or \"platform\", not \"{SettingsKeys.Printable(scopeText)}\"");
        }

        var length = value.WholeNumber("length", SecretSpec.MinLength, SecretSpec.MaxLength) ?? SecretSpec.DefaultLength;
        var alphabetText = value.Text("alphabet") ?? "alphanumeric";
        var alphabet = SecretSpec.NamedAlphabets.GetValueOrDefault(alphabetText, alphabetText);
        if (alphabet.Any(char.IsSurrogate))
        {
            // A secret is drawn one UTF-16 unit at a time: it would hold lone halves of such a character.
            value.Error("alphabet", "must be characters of the Basic Multilingual Plane (no surrogates)");
        }
        else if (alphabet.Distinct().Count() != alphabet.Length || alphabet.Length < 2 || alphabet.Any(char.IsControl))
        {
            value.Error("alphabet", "must be alphanumeric, hex, base64url, or at least 2 distinct printable characters");
        }

        var description = value.Text("description");
        return value.Document.Errors.Count == before ? new SecretSpec(name, scope!.Value, length, alphabet, description) : null;
    }

    /// <summary><c>PRYVBUS_SECRET_NAME</c>: NAME must be a secret name templates can ask for; the value must not be a sample.</summary>
    private static void CheckOverrides(SettingsDocument document)
    {
        foreach (var variable in document.Environment.NamesStartingWith(SecretSpec.OverridePrefix))
        {
            var name = variable[SecretSpec.OverridePrefix.Length..];
            if (!SettingsLoader.IsIdentifier(name))
            {
                document.Errors.AddVariable(
                    SettingsKeys.Printable(variable), $"'{SettingsKeys.Printable(name)}' is not a secret name (letters, digits and '_'): no template can use it");
                continue;
            }

            document.CredentialVariable(variable, 1);
        }
    }
}
