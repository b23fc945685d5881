using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>A value typed on the command line: JSON when it parses as JSON (<c>3001</c>, <c>true</c>, <c>["a","b"]</c>, <c>"quoted"</c>), else the text itself as a string (<c>pryv.me</c>).</summary>
public static class ValueInput
{
    /// <returns>The value; null when <paramref name="jsonOnly"/> and the text is not JSON.</returns>
    public static JsonElement? Parse(string text, bool jsonOnly)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return jsonOnly ? null : JsonSerializer.SerializeToElement(text, ValuesJsonContext.Default.String);
        }
    }
}
