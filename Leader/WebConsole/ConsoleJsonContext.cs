using System.Text.Json.Serialization;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The console's JSON (the convergence feed), source-generated (trimming- and Native AOT-safe):
/// the serializer's defaults, camelCase names as the anonymous objects it replaced were written.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FeedAnswer))]
[JsonSerializable(typeof(FeedError))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
