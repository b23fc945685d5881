using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PryvBus.Leader.Migration;

/// <summary>Values as plain data (string, double, bool, null, list, ordered dictionary) and back to JSON nodes.</summary>
internal static class PlainData
{
    public static object? Of(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(Of).ToList(),
        JsonValueKind.Object => element.EnumerateObject().Aggregate(
            new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) => { d[p.Name] = Of(p.Value); return d; }),
        _ => null,
    };

    /// <summary>The JSON node for a value; numbers written as JavaScript prints them (whole numbers without a fraction).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        double number => JsonNode.Parse(Rendering.JavaScriptNumber.Format(number)),
        IDictionary<string, object?> obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, ToNode(p.Value)))),
        IEnumerable<object?> items => new JsonArray([.. items.Select(ToNode)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
