using System.Text.Json;
using System.Text.Json.Serialization;

namespace PryvBus.Leader.Accounts;

/// <summary>The users file, source-generated (trimming- and Native AOT-safe), web defaults and indented as always.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(UsersDocument))]
internal sealed partial class AccountsJsonContext : JsonSerializerContext;
