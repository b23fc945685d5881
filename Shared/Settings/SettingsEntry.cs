using System.Text.Json;

namespace PryvBus.Shared.Settings;

/// <summary>One entry of a map section (a platform value, a secret, a component's container names).</summary>
public readonly record struct SettingsEntry(string Name, string Key, JsonElement Value, SettingsSection Parent)
{
    /// <summary>The entry as an object whose keys are declared by reading them; null (reported) when it is not an object.</summary>
    public SettingsSection? AsSection(string shape)
    {
        if (Value.ValueKind == JsonValueKind.Object)
        {
            return Parent.OpenEntry(Value, Key);
        }

        Error($"must be an object {shape}, not {SettingsKeys.Describe(Value)}");
        return null;
    }

    public void Error(string message) => Parent.Document.Errors.Add(Key, message);
}
