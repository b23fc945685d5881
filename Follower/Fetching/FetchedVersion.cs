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

    /// <summary>The paths' order of the version held (<see cref="VersionLayout.Order"/>): a hint, checked by the digest.</summary>
    internal string[]? PathOrder { get; init; }

    /// <summary>
    /// The content of each path of <see cref="PathOrder"/> (same index) and the files they were taken from, when the
    /// version was put together with the held version's paths (a delta that removes and adds none; an
    /// <see cref="Incomplete"/> one is refused before it is verified): the very arrays <see cref="Files"/> holds, so that
    /// the digest looks up no path.
    /// </summary>
    internal VersionLayout? InOrder { get; init; }

    /// <summary>
    /// <see cref="InOrder"/>'s contents while they are this version's own: taken from its very <see cref="Files"/>, in its
    /// very <see cref="PathOrder"/>. A copy made with other files or another order has none, so that the digest never
    /// hashes bytes other than those the version writes.
    /// </summary>
    internal byte[][]? ContentsInOrder =>
        InOrder is { } laid && ReferenceEquals(laid.Files, Files) && ReferenceEquals(laid.Order, PathOrder) ? laid.Contents : null;
}
