using System.Text.Json.Serialization;

namespace PryvBus.Follower.Fetching;

[JsonSerializable(typeof(string[]))]
internal sealed partial class FetchingJsonContext : JsonSerializerContext;
