using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>
/// A platform value written as JSON for the settings file: on one line when short, else indented like the file
/// (its indentation unit, its line breaks) under the line it starts on. Non-ASCII text stays readable (not escaped).
/// </summary>
public static class ValueText
{
    private const int MaxOneLine = 80;

    public static string Write(JsonElement value, string lineIndent, char indentCharacter, int indentSize, string newLine)
    {
        ArgumentNullException.ThrowIfNull(lineIndent);
        ArgumentNullException.ThrowIfNull(newLine);
        var compact = Serialize(value, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || compact.Length <= MaxOneLine)
        {
            return compact;
        }

        var indented = Serialize(value, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = true,
            IndentCharacter = indentCharacter,
            IndentSize = indentSize,
            NewLine = "\n",
        });
        return indented.Replace("\n", newLine + lineIndent, StringComparison.Ordinal);
    }

    private static string Serialize(JsonElement value, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
