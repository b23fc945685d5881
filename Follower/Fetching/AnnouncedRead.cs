using StackExchange.Redis;

namespace PryvBus.Follower.Fetching;

/// <summary>
/// What one transaction read for a serial an event announced: the role's admission hash (empty when not asked), the
/// serial key as stored (parsed by <see cref="VersionFetcher.ParseSerial"/> only when used), and the announced
/// serial's content and meta (null when its meta is absent). Nothing in it is trusted.
/// </summary>
public sealed record AnnouncedRead(HashEntry[] Admission, RedisValue Serial, FetchedVersion? Version);
