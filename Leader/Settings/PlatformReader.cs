using System.Text.Json;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the <c>platform</c> section. Each entry is either a plain value (<c>"DOMAIN": "pryv.me"</c>)
/// or a documented one (<c>"DOMAIN": { "value": "pryv.me", "description": "…", "type": "string", "format": "hostname" }</c>):
/// in that form, <c>value</c>, <c>description</c>, <c>sensitive</c> and the constraints of <see cref="ValueSchemaReader"/> are
/// the only keys; the value itself is free data unless a constraint says otherwise.
/// </summary>
internal static class PlatformReader
{
    /// <summary>The entries the last load with no problem read.</summary>
    public static EntryMemo<PlatformValue> Memo { get; } = new();

    /// <param name="root">The document's root.</param>
    /// <param name="reserved">Names the template language reserves.</param>
    /// <param name="read">Each entry read, by its memo key (<see cref="Memo"/> keeps them when the load has no problem).</param>
    public static IReadOnlyDictionary<string, PlatformValue> Read(SettingsSection root, IReadOnlySet<string> reserved, Dictionary<string, PlatformValue> read)
    {
        var result = new Dictionary<string, PlatformValue>(StringComparer.Ordinal);
        var platform = root.Section("platform", "of NAME: value");
        foreach (var entry in platform?.Entries() ?? [])
        {
            if (!SettingsLoader.IsIdentifier(entry.Name))
            {
                entry.Error("a name must start with a letter or '_' and hold only letters, digits and '_' (templates write {{ NAME }})");
                continue;
            }

            if (reserved.Contains(entry.Name))
            {
                entry.Error($"'{entry.Name}' is reserved by the template language; choose another name");
                continue;
            }

            if (result.ContainsKey(entry.Name))
            {
                continue; // Reported once as "is defined twice" when the document completes.
            }

            var key = EntryMemo<PlatformValue>.KeyOf(entry.Name, entry.Value);
            if (Memo.Find(key) is { } known)
            {
                result[entry.Name] = read[key] = known;
                continue;
            }

            var value = entry.Value;
            string? description = null;
            var sensitive = false;
            Validation.ValueSchema? schema = null;
            if (value.ValueKind == JsonValueKind.Object && entry.AsSection("{ value, description, sensitive, type, enum, pattern, min, max, format, required }") is { } documented)
            {
                description = documented.Text("description");
                sensitive = documented.Flag("sensitive") ?? false;
                var inner = documented.Value("value");

                // Read (and so declare) the constraints before giving up on a missing value: they are not unknown keys.
                schema = ValueSchemaReader.Read(documented, inner, sensitive);
                if (inner is null)
                {
                    entry.Error("an object entry needs a 'value' (and may have a 'description')");
                    continue;
                }

                value = inner.Value;
            }

            result[entry.Name] = new PlatformValue(entry.Name, value.Clone(), description) { Sensitive = sensitive, Schema = schema };
            if (!sensitive)
            {
                read[key] = result[entry.Name]; // a sensitive value is read at every load, never kept
            }
        }

        return result;
    }
}
