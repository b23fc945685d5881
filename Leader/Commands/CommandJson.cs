using System.Text.Json;
using System.Text.Json.Serialization;

namespace PryvBus.Leader.Commands;

/// <summary>The <c>--json</c> form of every command: indented, camelCase, nulls kept (scripts can rely on the keys).</summary>
public static class CommandJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Task WriteAsync(TextWriter output, object value)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.WriteLineAsync(JsonSerializer.Serialize(value, Options));
    }
}
