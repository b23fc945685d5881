using System.Text.Json;
using PryvBus.Leader.Settings;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>Turns the platform section into plain Scriban data (no .NET objects reach a template).</summary>
internal static class PlatformObject
{
    public static ScriptObject Build(IReadOnlyDictionary<string, PlatformValue> platform)
    {
        var result = new ScriptObject();
        foreach (var (name, value) in platform)
        {
            result.SetValue(name, Convert(value.Value), readOnly: true);
        }

        return result;
    }

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => ConvertArray(element),
        JsonValueKind.Object => ConvertObject(element),
        _ => null,
    };

    private static ScriptArray ConvertArray(JsonElement element)
    {
        var array = new ScriptArray();
        foreach (var item in element.EnumerateArray())
        {
            array.Add(Convert(item));
        }

        return array;
    }

    private static ScriptObject ConvertObject(JsonElement element)
    {
        var obj = new ScriptObject();
        foreach (var property in element.EnumerateObject())
        {
            obj.SetValue(property.Name, Convert(property.Value), readOnly: true);
        }

        return obj;
    }
}
