using System.Text.Json;
using System.Text.Json.Nodes;

namespace PryvBus.Leader.Values;

/// <summary>
/// A check of the byte surgery, independent of how it was done: read as JSON, the edited file must be exactly the old
/// one with <c>platform.NAME</c>'s value set (wrapped as <c>{ "value": … }</c> where a plain entry becomes documented).
/// </summary>
public static class ValueEditGuard
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    public static bool OnlyValueChanged(string before, string after, string name, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        try
        {
            if (JsonNode.Parse(before, documentOptions: Lenient) is not JsonObject expected || expected["platform"] is not JsonObject platform)
            {
                return false;
            }

            var wanted = JsonNode.Parse(value.GetRawText());
            if (platform[name] is JsonObject documented)
            {
                documented["value"] = wanted;
            }
            else
            {
                platform[name] = value.ValueKind == JsonValueKind.Object ? new JsonObject { ["value"] = wanted } : wanted;
            }

            return JsonNode.DeepEquals(expected, JsonNode.Parse(after, documentOptions: Lenient));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
