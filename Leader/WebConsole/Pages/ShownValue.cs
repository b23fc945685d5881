using System.Text;
using System.Text.Json;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>A value as the console shows it: its JSON, or a mask for a sensitive one.</summary>
public static class ShownValue
{
    public const string Masked = "(sensitive: not shown)";

    public static string Of(ValueView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Sensitive ? Masked : view.Value is { } value ? Json(value) : "(none)";
    }

    /// <summary>
    /// The value as compact JSON, written by the element itself (no serializer, no reflection): the same text as
    /// <c>JsonSerializer.Serialize</c> with the default options.
    /// </summary>
    public static string Json(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
