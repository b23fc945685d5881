namespace PryvBus.Follower.Fetching;

/// <summary>A version as read from Redis, not yet verified: nothing in it is trusted.</summary>
public sealed record FetchedVersion(
    string Role,
    long Serial,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyDictionary<string, string> Meta);
