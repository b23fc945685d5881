namespace PryvBus.Leader.Rendering;

/// <summary>
/// What <c>statx</c> says of an open file: its type bits, size and number of hard links, its device and mount (the
/// mount id when the kernel reports it: a bind mount of a folder of the same filesystem has the same device but another
/// mount), its inode, and its modification and change times (ns). Two equal identities of a settled file
/// (<see cref="IsSettled"/>) are the same file with the same content: any write, rename, link, chmod or chown changes the
/// change time, which no user can set.
/// </summary>
internal readonly record struct FileIdentity(int Type, long Size, uint Links, ulong Device, ulong? MountId, ulong Inode, long ModifiedNs = 0, long ChangedNs = 0)
{
    /// <summary>
    /// How old a change must be before the identity is trusted to stand for the content: a second change within the same
    /// clock tick as the first keeps the same time stamps, so only a change older than this can be told from a later one.
    /// </summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>Same device, and same mount when both mount ids are known.</summary>
    public bool SameMount(FileIdentity other) =>
        Device == other.Device && (MountId is null || other.MountId is null || MountId == other.MountId);

    /// <summary>Whether the last change is older than <see cref="RacyWindow"/> at <paramref name="now"/>: a later equal identity then has the same content.</summary>
    public bool IsSettled(DateTimeOffset now) =>
        ChangedNs > 0 && ChangedNs < (now - RacyWindow).ToUnixTimeMilliseconds() * 1_000_000;
}
