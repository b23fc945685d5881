using System.Text;
using System.Text.Json;

namespace PryvBus.Leader.Values;

/// <summary>
/// Replaces one platform value in the settings file's bytes and nothing else (<see cref="ValueLocator"/>): a documented
/// entry's <c>value</c>, a plain entry (wrapped as <c>{ "value": … }</c> when the new value is an object, which a plain
/// entry cannot be), or a <c>value</c> key inserted into a documented entry that has none yet.
/// </summary>
public static class SettingsTextEdit
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>Where the value is (see <see cref="ValueLocator"/>); null when the <c>platform</c> section declares no such entry.</summary>
    public static ValueSpot? Locate(byte[] file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ValueLocator.Locate(file.AsSpan(file.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0), name);
    }

    /// <summary>The edited bytes; null when the <c>platform</c> section declares no entry <paramref name="name"/>.</summary>
    /// <exception cref="JsonException">The file is not JSON.</exception>
    /// <exception cref="InvalidOperationException">The section or the entry is defined twice.</exception>
    public static byte[]? Replace(byte[] file, string name, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(file);
        var offset = file.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var json = file.AsSpan(offset);
        if (ValueLocator.Locate(json, name) is not { } spot)
        {
            return null;
        }

        var (character, size) = IndentUnit(json);
        var newLine = json.IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";
        var written = ValueText.Write(value, LineIndent(json, spot.Start), character, size, newLine);
        var text = spot.Kind switch
        {
            ValueSpotKind.Plain when value.ValueKind == JsonValueKind.Object => "{ \"value\": " + written + " }",
            ValueSpotKind.Insert => spot.Prefix + "\"value\": " + written + spot.Separator,
            _ => written,
        };
        return [.. file.AsSpan(0, offset + spot.Start), .. Encoding.UTF8.GetBytes(text), .. file.AsSpan(offset + spot.End)];
    }

    /// <summary>The leading spaces or tabs of the line holding <paramref name="position"/>.</summary>
    private static string LineIndent(ReadOnlySpan<byte> json, int position)
    {
        var lineStart = json[..position].LastIndexOf((byte)'\n') + 1;
        var line = json[lineStart..position];
        var length = line.IndexOfAnyExcept(" \t"u8);
        return Encoding.UTF8.GetString(length < 0 ? line : line[..length]);
    }

    /// <summary>The file's indentation unit: that of its first indented line (a tab, or 1 to 8 spaces); two spaces when none.</summary>
    private static (char Character, int Size) IndentUnit(ReadOnlySpan<byte> json)
    {
        foreach (var range in json.Split((byte)'\n'))
        {
            var line = json[range];
            var length = line.IndexOfAnyExcept(" \t"u8);
            if (length > 0 && line[length] is not ((byte)'\r' or (byte)'/' or (byte)'*'))
            {
                return line[0] == (byte)'\t' ? ('\t', 1) : (' ', Math.Clamp(length, 1, 8));
            }
        }

        return (' ', 2);
    }
}
