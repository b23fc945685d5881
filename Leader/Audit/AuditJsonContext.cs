using System.Text.Json;
using System.Text.Json.Serialization;

namespace PryvBus.Leader.Audit;

/// <summary>The pending audit file's lines, source-generated (trimming- and Native AOT-safe) with the web defaults.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditRecord))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
