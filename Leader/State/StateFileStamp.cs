using Microsoft.Win32.SafeHandles;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.State;

/// <summary>
/// What <c>statx</c> says of a state file: device, inode, size, modification and change times (ns). Any write, rename
/// over, chmod or chown changes the change time, which no user can set; a file replaced by another (a restore, another
/// leader, the command line: they all write a new file and rename it over) has another inode. A stamp is trusted to
/// stand for the content only once its change time is older than <see cref="RacyWindow"/>: a second change within the
/// same clock tick as the first would keep every time.
/// </summary>
internal readonly record struct StateFileStamp(ulong Device, ulong Inode, long Size, long ModifiedNs, long ChangedNs)
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromMilliseconds(250);

    private const int EmptyPath = 0x1000;
    private const int SymlinkNoFollow = 0x100;
    private const int CurrentDirectory = -100;
    private const uint InodeSizeTimes = 0x40 | 0x80 | 0x100 | 0x200;
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int ChangedOffset = 96;
    private const int ModifiedOffset = 112;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    [ThreadStatic]
    private static byte[]? _buffer;

    /// <summary>The stamp of the file at <paramref name="path"/>, a link not followed; null when there is none.</summary>
    public static StateFileStamp? Of(string path) => Describe(CurrentDirectory, path, SymlinkNoFollow);

    /// <summary>The stamp of an open file.</summary>
    public static StateFileStamp? Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return Describe((int)handle.DangerousGetHandle(), string.Empty, EmptyPath);
    }

    /// <summary>Whether the last change is older than <see cref="RacyWindow"/> at <paramref name="now"/>.</summary>
    public bool IsSettled(DateTimeOffset now) =>
        ChangedNs > 0 && ChangedNs < (now - RacyWindow).ToUnixTimeMilliseconds() * 1_000_000;

    private static StateFileStamp? Describe(int fd, string path, int flags)
    {
        var buffer = _buffer ??= new byte[256];
        if (Libc.Statx(fd, path, flags, InodeSizeTimes, buffer) != 0)
        {
            return null;
        }

        return new StateFileStamp(
            ((ulong)BitConverter.ToUInt32(buffer, DeviceMajorOffset) << 32) | BitConverter.ToUInt32(buffer, DeviceMinorOffset),
            BitConverter.ToUInt64(buffer, InodeOffset),
            BitConverter.ToInt64(buffer, SizeOffset),
            Nanoseconds(buffer, ModifiedOffset),
            Nanoseconds(buffer, ChangedOffset));
    }

    private static long Nanoseconds(byte[] buffer, int offset) =>
        (BitConverter.ToInt64(buffer, offset) * 1_000_000_000) + BitConverter.ToUInt32(buffer, offset + 8);
}
