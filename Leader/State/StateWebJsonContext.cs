using System.Text.Json;
using System.Text.Json.Serialization;

namespace PryvBus.Leader.State;

/// <summary>
/// The backup file and the secret file's plaintext, source-generated (trimming- and Native AOT-safe) with the web
/// defaults they were always written with (camelCase, not indented): existing files read as before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BackupContent))]
[JsonSerializable(typeof(SecretFileContent))]
internal sealed partial class StateWebJsonContext : JsonSerializerContext;
