using PryvBus.Leader.Validation;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>Reads the optional <c>validation</c> section: <c>{ "enabled": true, "skip": ["core/**/*.tmpl.yml"] }</c>.</summary>
internal static class ValidationReader
{
    public static ValidationSettings Read(SettingsSection root)
    {
        if (root.Section("validation", "{ \"enabled\": true, \"skip\": [\"role/path/glob\"] }") is not { } validation)
        {
            return ValidationSettings.Default;
        }

        var enabled = validation.Flag("enabled") ?? true;
        var skip = new List<FileGlob>();
        foreach (var pattern in validation.Strings("skip", "globs over role/path such as \"**/*.tmpl.yml\"") ?? [])
        {
            if (FileGlob.TryParse(pattern, out var problem) is { } glob)
            {
                skip.Add(glob);
            }
            else
            {
                validation.Error("skip", $"'{SettingsKeys.Printable(pattern)}' {problem}");
            }
        }

        return new ValidationSettings(enabled, skip);
    }
}
