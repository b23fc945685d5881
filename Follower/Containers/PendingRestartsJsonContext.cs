using System.Text.Json.Serialization;

namespace PryvBus.Follower.Containers;

/// <summary>Source-generated JSON for <c>restarts.json</c>: no reflection, so the follower also publishes with Native AOT.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class PendingRestartsJsonContext : JsonSerializerContext;
