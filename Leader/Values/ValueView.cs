using System.Text.Json;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>One platform value as the API shows it: a sensitive value's content is never included.</summary>
public sealed record ValueView(
    string Name, string? Description, bool Sensitive, JsonElement? Value, ValueConstraints? Constraints, string? Summary,
    IReadOnlyList<string> UsedIn, IReadOnlyList<string> Roles)
{
    public static ValueView Of(PlatformValue value, ValueUsage usage)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(usage);
        var schema = value.Schema;
        return new ValueView(
            value.Name, value.Description, value.Sensitive, value.Sensitive ? null : value.Value,
            schema is null ? null : new ValueConstraints(schema.Type, schema.Format, schema.Enum, schema.Pattern?.ToString(), schema.Min, schema.Max, schema.Required),
            schema?.Summary, usage.Files(value.Name), usage.Roles(value.Name));
    }
}
