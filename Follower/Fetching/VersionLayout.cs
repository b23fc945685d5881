namespace PryvBus.Follower.Fetching;

/// <summary>
/// How the digest laid a version out (<see cref="VersionVerifier"/>): its paths in ordinal order and the content of each
/// (same index), the very arrays it hashed, for the files dictionary <see cref="Files"/>. Stands for a version only
/// while that version's <see cref="VerifiedVersion.Files"/> is that very dictionary (a copy made with other files keeps a
/// layout that is not its own). Also the held version's order with the contents of a version put together from it
/// (<see cref="FetchedVersion.InOrder"/>, not yet checked: the digest checks the order). Never changed.
/// </summary>
internal sealed class VersionLayout(IReadOnlyDictionary<string, byte[]> files, string[] order, byte[][] contents)
{
    public IReadOnlyDictionary<string, byte[]> Files { get; } = files;

    public string[] Order { get; } = order;

    public byte[][] Contents { get; } = contents;

    /// <summary>This layout when it is <paramref name="version"/>'s own (made for its very files), else null.</summary>
    public static VersionLayout? Of(VerifiedVersion version) =>
        version.Layout is { } layout && ReferenceEquals(layout.Files, version.Files) ? layout : null;
}
