using System.Text.Json;
using PryvBus.Leader.Validation;

namespace PryvBus.Leader.Settings;

/// <summary>One value of the user-facing <c>platform</c> section, with the description that documents it and its constraints.</summary>
public sealed record PlatformValue(string Name, JsonElement Value, string? Description)
{
    /// <summary>The constraints the value was checked against at load (<c>type</c>, <c>format</c>…); null when it declares none.</summary>
    public ValueSchema? Schema { get; init; }

    /// <summary>The value as an operator would write it (JSON for non-strings).</summary>
    /// <summary>
    /// <c>"sensitive": true</c>: a password or key the operator sets (not a generated secret): never printed by
    /// <c>describe</c>, dry-runs, <c>show</c>, <c>diff</c> or logs; a file that uses it is handled as a file holding secrets.
    /// </summary>
    public bool Sensitive { get; init; }

    public string Display => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : Value.GetRawText();
}
