namespace PryvBus.Shared.Native;

/// <summary>
/// File systems whose every change raises its inotify event on this machine (ext2/3/4, XFS, Btrfs, tmpfs, F2FS, ZFS): a
/// network or user-space one (NFS, CIFS, FUSE, 9p, virtiofs) can change from another host without any, so a watch on
/// it vouches for nothing.
/// </summary>
public static class LocalFileSystems
{
    private static readonly long[] Types = [0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0xF2F52010, 0x2FC12FC1];

    /// <summary>Whether the file system holding <paramref name="path"/> is one of them.</summary>
    public static bool Holds(string path)
    {
        var info = new byte[128];
        return Libc.Statfs(path, info) == 0 && Types.Contains(BitConverter.ToInt64(info, 0));
    }

    /// <summary>Whether the file system of what <paramref name="fd"/> refers to is one of them.</summary>
    public static bool HoldsOpen(int fd)
    {
        var info = new byte[128];
        return Libc.Fstatfs(fd, info) == 0 && Types.Contains(BitConverter.ToInt64(info, 0));
    }
}
