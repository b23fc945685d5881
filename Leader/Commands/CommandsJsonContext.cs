using System.Text.Json.Serialization;

namespace PryvBus.Leader.Commands;

/// <summary>
/// Command output, source-generated (trimming- and Native AOT-safe): the serializer's defaults, indented, camelCase
/// names as the anonymous objects it replaced were written.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DescribeAnswer))]
internal sealed partial class CommandsJsonContext : JsonSerializerContext;
