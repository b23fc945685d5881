namespace PryvBus.Follower.Fetching;

/// <summary>A version as read from Redis, not yet verified: nothing in it is trusted.</summary>
public sealed record FetchedVersion(
    string Role,
    long Serial,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyDictionary<string, string> Meta)
{
    /// <summary>
    /// Put together from a version held and the files a config event said changed (only those were read): its check
    /// against the signed sha256 may fail because the event was wrong, and the version is then read whole.
    /// </summary>
    public bool FromDelta { get; init; }

    /// <summary>A file the delta named is not in the version: put together, it cannot be the version.</summary>
    public bool Incomplete { get; init; }

    /// <summary>
    /// The version it was put together from, when it has the same paths: every file but <see cref="Changed"/> is that
    /// version's very content (the same arrays). Null otherwise.
    /// </summary>
    internal VerifiedVersion? Base { get; init; }

    /// <summary>The paths whose content was read (the event's delta) when <see cref="Base"/> is set.</summary>
    internal IReadOnlyList<string>? Changed { get; init; }

    /// <summary>The paths' order of the version it was put together from (<see cref="VerifiedVersion.PathOrder"/>): a hint, checked by the digest.</summary>
    internal string[]? PathOrder { get; init; }
}
