using System.Text.Json;

namespace PryvBus.Leader.Settings;

/// <summary>One value of the user-facing <c>platform</c> section, with the description that documents it.</summary>
public sealed record PlatformValue(string Name, JsonElement Value, string? Description)
{
    /// <summary>The value as an operator would write it (JSON for non-strings).</summary>
    public string Display => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : Value.GetRawText();
}
