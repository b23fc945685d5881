namespace PryvBus.Leader.Rendering;

/// <summary>
/// What <c>statx</c> says of an open file: its type bits, size and number of hard links, its device and mount (the
/// mount id when the kernel reports it: a bind mount of a folder of the same filesystem has the same device but another
/// mount), and its inode.
/// </summary>
internal readonly record struct FileIdentity(int Type, long Size, uint Links, ulong Device, ulong? MountId, ulong Inode)
{
    /// <summary>Same device, and same mount when both mount ids are known.</summary>
    public bool SameMount(FileIdentity other) =>
        Device == other.Device && (MountId is null || other.MountId is null || MountId == other.MountId);
}
