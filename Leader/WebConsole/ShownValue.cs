using System.Text.Json;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.WebConsole;

/// <summary>A value as the console shows it: its JSON, or a mask for a sensitive one.</summary>
public static class ShownValue
{
    public const string Masked = "(sensitive: not shown)";

    public static string Of(ValueView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Sensitive ? Masked : view.Value is { } value ? JsonSerializer.Serialize(value, ConsoleJsonContext.Default.JsonElement) : "(none)";
    }
}
