using System.Text.Json;

namespace PryvBus.Leader.Settings;

/// <summary>Reads the optional <c>acl</c> section: <c>{ "provision": true }</c>.</summary>
internal static class AclReader
{
    public static AclSettings Read(JsonElement root, SettingsErrors errors)
    {
        if (!root.TryGetProperty("acl", out var acl) || acl.ValueKind == JsonValueKind.Null)
        {
            return AclSettings.Default;
        }

        if (acl.ValueKind != JsonValueKind.Object)
        {
            errors.Add("acl", "must be an object: { \"provision\": true }");
            return AclSettings.Default;
        }

        var provision = AclSettings.Default.Provision;
        foreach (var entry in acl.EnumerateObject())
        {
            if (entry.Name != "provision")
            {
                errors.Add("acl." + entry.Name, "unknown field (expected 'provision')");
            }
            else if (entry.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                provision = entry.Value.GetBoolean();
            }
            else
            {
                errors.Add("acl.provision", $"must be true or false, not {SettingsLoader.Kind(entry.Value)}");
            }
        }

        return new AclSettings(provision);
    }
}
