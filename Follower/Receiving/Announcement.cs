using PryvBus.Shared.Events;

namespace PryvBus.Follower.Receiving;

/// <summary>What the last config event announced (untrusted): a serial, and the files it says changed since another version.</summary>
public sealed record Announcement(long Serial, ConfigDelta? Delta);
