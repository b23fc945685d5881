using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Values;

/// <summary>The settings file as read now: its ETag, and its settings (null when it has <see cref="Problems"/>).</summary>
public sealed record ValueListing(string ETag, LeaderSettings? Settings, IReadOnlyList<string> Problems);
