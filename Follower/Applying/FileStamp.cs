using System.Globalization;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// What <c>statx</c> says of a file, a link not followed: type and permission bits, inode, size, modification and change
/// times (ns). Any write, rename over, chmod or chown changes the change time, which no user can set: a file whose stamp
/// equals the one recorded when the follower last checked its content still has that content. A stamp is recorded only
/// once its change time is older than <see cref="RacyWindow"/>, so a change made in the same clock tick as the last one
/// (same change time) cannot hide.
/// </summary>
internal readonly record struct FileStamp(int Mode, ulong Inode, long Size, long ModifiedNs, long ChangedNs)
{
    public const int RegularType = 0x8000;
    public static readonly TimeSpan RacyWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>The racy window of a change time on a whole second (<see cref="IsRecordable"/>).</summary>
    public static readonly TimeSpan CoarseWindow = TimeSpan.FromSeconds(2.5);

    private const int CurrentDirectory = -100;
    private const int SymlinkNoFollow = 0x100;
    private const int EmptyPath = 0x1000;
    private const uint TypeModeTimesInodeSize = 0x1 | 0x2 | 0x40 | 0x80 | 0x100 | 0x200;
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int ChangedOffset = 96;
    private const int ModifiedOffset = 112;

    [ThreadStatic]
    private static byte[]? _statxBuffer;

    public bool IsRegular => (Mode & 0xF000) == RegularType;

    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    /// <summary>The stamp of <paramref name="path"/>; null when it does not exist or cannot be described.</summary>
    public static FileStamp? Of(string path) => Of(CurrentDirectory, path);

    /// <summary>The stamp of <paramref name="name"/> in the folder open as <paramref name="directoryFd"/> (no path walk from the root).</summary>
    public static FileStamp? Of(int directoryFd, string name) => Of(directoryFd, name, 0);

    private static FileStamp? Of(int directoryFd, string name, int flags)
    {
        var buffer = _statxBuffer ??= new byte[256];
        if (Libc.Statx(directoryFd, name, SymlinkNoFollow | flags, TypeModeTimesInodeSize, buffer) != 0)
        {
            return null;
        }

        return new FileStamp(
            BitConverter.ToUInt16(buffer, ModeOffset),
            BitConverter.ToUInt64(buffer, InodeOffset),
            BitConverter.ToInt64(buffer, SizeOffset),
            Nanoseconds(buffer, ModifiedOffset),
            Nanoseconds(buffer, ChangedOffset));
    }

    /// <summary>The stamp of what the descriptor <paramref name="fd"/> (<c>O_PATH</c> is enough) refers to.</summary>
    public static FileStamp? OfHandle(int fd) => Of(fd, string.Empty, EmptyPath);

    /// <summary>How many names the file open as <paramref name="fd"/> has (its link count); null when it cannot be described.</summary>
    public static uint? LinksOf(int fd)
    {
        const uint LinkCount = 0x4; // STATX_NLINK
        const int LinksOffset = 16;
        var buffer = _statxBuffer ??= new byte[256];
        return Libc.Statx(fd, string.Empty, SymlinkNoFollow | EmptyPath, LinkCount, buffer) == 0
            ? BitConverter.ToUInt32(buffer, LinksOffset)
            : null;
    }

    /// <summary>The text kept in the manifest, or null when the stamp is too recent to be trusted later.</summary>
    public string? Recordable(DateTimeOffset now) =>
        IsRecordable(now)
            ? string.Create(CultureInfo.InvariantCulture, $"{Mode:x}:{Inode}:{Size}:{ModifiedNs}:{ChangedNs}")
            : null;

    /// <summary>
    /// Whether <see cref="Recordable"/> gives a text at <paramref name="now"/> (without making it). A change time on a
    /// whole second is taken as one of a file system that keeps whole seconds (ext4 with 128-byte inodes, ext3), where
    /// a write later in the same second leaves the same time: its stamp waits <see cref="CoarseWindow"/>.
    /// </summary>
    public bool IsRecordable(DateTimeOffset now) =>
        IsRegular && ChangedNs < (now - (ChangedNs % 1_000_000_000 == 0 ? CoarseWindow : RacyWindow)).ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>Whether this stamp is the one recorded as <paramref name="recorded"/>.</summary>
    public bool Matches(string? recorded)
    {
        Span<char> text = stackalloc char[128];
        return recorded is not null
            && text.TryWrite(CultureInfo.InvariantCulture, $"{Mode:x}:{Inode}:{Size}:{ModifiedNs}:{ChangedNs}", out var written)
            && recorded.AsSpan().SequenceEqual(text[..written]);
    }

    private static long Nanoseconds(byte[] buffer, int offset) =>
        (BitConverter.ToInt64(buffer, offset) * 1_000_000_000) + BitConverter.ToUInt32(buffer, offset + 8);
}
