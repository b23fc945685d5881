using System.Text.Json.Serialization;

namespace PryvBus.Follower.Compose;

/// <summary>Source-generated JSON for the compose step (Native AOT: no reflection).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class CanonicalJsonContext : JsonSerializerContext;
