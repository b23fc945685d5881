using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PryvBus.Leader.Commands;

/// <summary>
/// The <c>--json</c> form of every command: indented, camelCase, nulls kept (scripts can rely on the keys). Each command
/// writes a named record of <see cref="CommandsJsonContext"/> (no reflection: the leader is published with Native AOT).
/// </summary>
public static class CommandJson
{
    internal static Task WriteAsync<T>(TextWriter output, T value, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.WriteLineAsync(JsonSerializer.Serialize(value, type));
    }
}
