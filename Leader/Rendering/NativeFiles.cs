using PryvBus.Shared.Native;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// The libc calls .NET does not offer (<see cref="Libc"/>), to read a template without following it anywhere: the type of an entry without
/// following a link (<c>statx</c>, whose layout is the same on every architecture), the canonical path
/// (<c>realpath</c>, which opens nothing), and what an open file is (<see cref="FileIdentity"/>).
/// </summary>
internal static class NativeFiles
{
    public const int TypeMask = 0xF000;
    public const int Regular = 0x8000;
    public const int DirectoryType = 0x4000;
    public const int Link = 0xA000;

    private const int CurrentDirectory = -100;
    private const int SymlinkNoFollow = 0x100;
    private const int EmptyPath = 0x1000;
    private const uint TypeLinksInodeSizeMount = 0x1 | 0x4 | 0x40 | 0x80 | 0x100 | 0x200 | 0x1000;
    private const uint MountIdBit = 0x1000;
    private const int LinksOffset = 16;
    private const int InodeOffset = 32;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;
    private const int MountIdOffset = 144;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int ChangedOffset = 96;
    private const int ModifiedOffset = 112;

    /// <summary>What the entry at <paramref name="path"/> is, a link not followed (a stat: nothing is opened); null when it cannot be read.</summary>
    public static FileIdentity? IdentityOf(string path) => Describe(CurrentDirectory, path, SymlinkNoFollow);

    /// <summary>What an open file is (type, size, hard links) and where it lives (device, mount); null when it cannot be read.</summary>
    public static FileIdentity? Identity(int fd) => Describe(fd, string.Empty, EmptyPath);

    /// <summary>The same for the entry <paramref name="name"/> of the open folder <paramref name="folder"/>, a link not followed.</summary>
    public static FileIdentity? IdentityAt(int folder, string name) => Describe(folder, name, SymlinkNoFollow);

    [ThreadStatic]
    private static byte[]? _buffer;

    private static FileIdentity? Describe(int fd, string name, int flags)
    {
        var buffer = _buffer ??= new byte[StatxSize];
        if (Libc.Statx(fd, name, flags, TypeLinksInodeSizeMount, buffer) != 0)
        {
            return null;
        }

        var mask = BitConverter.ToUInt32(buffer, 0);
        return new FileIdentity(
            BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask,
            BitConverter.ToInt64(buffer, SizeOffset),
            BitConverter.ToUInt32(buffer, LinksOffset),
            ((ulong)BitConverter.ToUInt32(buffer, DeviceMajorOffset) << 32) | BitConverter.ToUInt32(buffer, DeviceMinorOffset),
            (mask & MountIdBit) != 0 ? BitConverter.ToUInt64(buffer, MountIdOffset) : null,
            BitConverter.ToUInt64(buffer, InodeOffset),
            Nanoseconds(buffer, ModifiedOffset),
            Nanoseconds(buffer, ChangedOffset));
    }

    private static long Nanoseconds(byte[] buffer, int offset) =>
        (BitConverter.ToInt64(buffer, offset) * 1_000_000_000) + BitConverter.ToUInt32(buffer, offset + 8);

    /// <summary>The canonical path with every link resolved; null when it does not resolve (dangling, loop, unreadable).</summary>
    public static string? RealPath(string path) => Libc.RealPath(path);
}
