using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>
/// A check of the byte surgery, independent of how it was done: read as JSON, the edited file must be exactly the old
/// one with <c>platform.NAME</c>'s value set (wrapped as <c>{ "value": … }</c> where a plain entry becomes documented).
/// Both files are read as documents and compared level by level (the root, <c>platform</c>, the entry): every other
/// member is equal as JSON (<see cref="JsonElement.DeepEquals"/>, member order aside), and no level names a key twice,
/// nor does any object of the new value.
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
            if (RepeatsAKey(value))
            {
                return false; // the old entry's data and the rest are compared as JSON; the new value names each key once
            }

            using var expected = JsonDocument.Parse(before, Lenient);
            using var edited = JsonDocument.Parse(after, Lenient);
            return SameBut(expected.RootElement, edited.RootElement, "platform", (platform, changed) =>
                platform is { ValueKind: JsonValueKind.Object } && SameBut(platform.Value, changed, name, (entry, set) => Entry(entry, set, value)));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The entry as the edit must leave it: a documented entry with its <c>value</c> set, else the value itself.</summary>
    private static bool Entry(JsonElement? entry, JsonElement set, JsonElement value) => entry switch
    {
        { ValueKind: JsonValueKind.Object } documented => SameBut(documented, set, "value", (_, inner) => JsonElement.DeepEquals(inner, value)),
        _ when value.ValueKind == JsonValueKind.Object =>
            set.ValueKind == JsonValueKind.Object && set.GetPropertyCount() == 1 && set.TryGetProperty("value", out var inner) && JsonElement.DeepEquals(inner, value),
        _ => JsonElement.DeepEquals(set, value),
    };

    /// <summary>
    /// Two objects with the same members but <paramref name="key"/>, which <paramref name="after"/> must hold and
    /// <paramref name="changed"/> must accept (given what <paramref name="before"/> held there, if anything).
    /// </summary>
    private static bool SameBut(JsonElement before, JsonElement after, string key, Func<JsonElement?, JsonElement, bool> changed)
    {
        if (before.ValueKind != JsonValueKind.Object || after.ValueKind != JsonValueKind.Object
            || Members(before) is not { } was || Members(after) is not { } now || !now.TryGetValue(key, out var set))
        {
            return false;
        }

        var old = was.TryGetValue(key, out var held) ? held : (JsonElement?)null;
        return now.Count == was.Count + (old is null ? 1 : 0)
            && was.All(m => m.Key == key || (now.TryGetValue(m.Key, out var other) && JsonElement.DeepEquals(m.Value, other)))
            && changed(old, set);
    }

    /// <summary>Whether an object anywhere in <paramref name="element"/> names a key twice.</summary>
    private static bool RepeatsAKey(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Members(element) is not { } members || members.Values.Any(RepeatsAKey),
        JsonValueKind.Array => element.EnumerateArray().Any(RepeatsAKey),
        _ => false,
    };

    /// <summary>An object's members by name; null when a name comes twice.</summary>
    private static Dictionary<string, JsonElement>? Members(JsonElement element)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
            {
                return null;
            }
        }

        return members;
    }
}
