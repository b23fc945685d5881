using System.Runtime.InteropServices;

namespace PryvBus.Shared.Native;

/// <summary>
/// inotify(7) and the calls around it: the leader's template watch (poll, a pipe to wake its thread when it stops) and
/// the follower's root watch (read without blocking before each plan).
/// </summary>
public static partial class Inotify
{
    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;
    public const uint Modify = 0x2;
    public const uint Attrib = 0x4;
    public const uint CloseWrite = 0x8;
    public const uint MovedFrom = 0x40;
    public const uint MovedTo = 0x80;
    public const uint Create = 0x100;
    public const uint Delete = 0x200;
    public const uint DeleteSelf = 0x400;
    public const uint MoveSelf = 0x800;
    public const uint Unmount = 0x2000;
    public const uint QueueOverflow = 0x4000;
    public const uint Ignored = 0x8000;
    public const uint OnlyDirectory = 0x1000000;
    public const uint DontFollow = 0x2000000;
    public const uint ExcludeUnlinked = 0x4000000;
    public const uint IsDirectory = 0x40000000;
    public const short PollIn = 1;
    public const int EventHeader = 16;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int Init(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int RemoveWatch(int fd, int wd);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll([In, Out] PollFd[] fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, [In] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe([Out] int[] fds, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>
    /// The record of a read at <paramref name="offset"/>, which it moves past it: <c>struct inotify_event { int wd;
    /// uint32 mask, cookie, len; char name[len]; }</c>, the name without its NUL padding (empty for an event of the
    /// watched object itself). False when no whole header is left.
    /// </summary>
    public static bool Next(ReadOnlySpan<byte> events, ref int offset, out int wd, out uint mask, out ReadOnlySpan<byte> name)
    {
        if (offset + EventHeader > events.Length)
        {
            wd = 0;
            mask = 0;
            name = default;
            return false;
        }

        wd = MemoryMarshal.Read<int>(events[offset..]);
        mask = MemoryMarshal.Read<uint>(events[(offset + 4)..]);
        var length = MemoryMarshal.Read<int>(events[(offset + 12)..]);
        var raw = events.Slice(offset + EventHeader, Math.Clamp(length, 0, events.Length - offset - EventHeader));
        offset += EventHeader + Math.Max(length, 0);
        var end = raw.IndexOf((byte)0);
        name = end >= 0 ? raw[..end] : raw;
        return true;
    }
}
