using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Writes the new leader's <c>config-leader.json</c>: the platform values in Pryv's groups (a comment line per group,
/// Pryv's descriptions kept), the internal keys as declared platform-scoped secrets, the followers.
/// </summary>
internal static class PryvConfigWriter
{
    private static readonly MigrationJsonContext Written = new(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public sealed record Value(PryvSetting Setting, object? Data, bool Sensitive);

    public sealed record Secret(string Name, int Length);

    public static string Write(string source, string redis, IReadOnlyList<Value> values, IReadOnlyList<Secret> secrets, IReadOnlyList<FollowerEntry> followers)
    {
        var text = new StringBuilder()
            .AppendLine($"// Imported from Pryv's config leader ({source}) by `pryvbus-leader import-pryv-leader`.")
            .AppendLine("// Review it, then: pryvbus-leader describe; pryvbus-leader render --dry-run (docs/migration.md).")
            .AppendLine("{")
            .AppendLine($"  \"redis\": {{ \"configuration\": {Quote(redis)} }},")
            .AppendLine("  \"templatesPath\": \"../data\",")
            .AppendLine("  \"platform\": {");
        PryvGroup? group = null;
        foreach (var value in values)
        {
            if (!ReferenceEquals(group, value.Setting.Group))
            {
                group = value.Setting.Group;
                text.AppendLine($"    // ── {group.Name ?? group.Key} ({group.Key}){(group.Optional ? ", optional in Pryv" : string.Empty)}");
            }

            var (entry, comment) = Entry(value);
            if (comment is not null)
            {
                text.AppendLine("    // " + comment);
            }

            text.Append("    ").Append(Quote(value.Setting.Name)).Append(": ").Append(entry).AppendLine(",");
        }

        text.AppendLine("  },").AppendLine("  // Pryv's internal keys (config-leader.json internals): their values are in the state folder, sealed.")
            .AppendLine("  \"secrets\": {");
        foreach (var secret in secrets)
        {
            text.AppendLine($"    {Quote(secret.Name)}: {{ \"scope\": \"platform\", \"length\": {secret.Length}, \"description\": \"Pryv internal key, imported from config-leader.json\" }},");
        }

        text.AppendLine("  },").AppendLine("  \"followers\": [");
        foreach (var follower in followers)
        {
            text.AppendLine($"    {{ \"id\": {Quote(follower.Id)}, \"role\": {Quote(follower.Role)}, \"key\": {Quote(follower.Key)} }},");
        }

        return text.AppendLine("  ]").AppendLine("}").ToString();
    }

    private static (string Json, string? Comment) Entry(Value value)
    {
        var setting = value.Setting;
        var description = setting.Description is null ? null : string.Join(' ', setting.Description.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        if (setting.Optional)
        {
            description = (description is null ? string.Empty : description + " ") + "(optional in Pryv)";
        }

        var node = PlainData.ToNode(value.Data);
        if (node is null)
        {
            // A documented entry cannot hold null: the plain form keeps the value, a comment keeps the description.
            return ("null", description);
        }

        var entry = new JsonObject { ["value"] = node };
        if (description is not null)
        {
            entry["description"] = description;
        }

        if (value.Sensitive)
        {
            entry["sensitive"] = true;
        }

        return (entry.ToJsonString(Written.Options).Replace("\n", "\n    ", StringComparison.Ordinal), null);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, Written.String);
}
