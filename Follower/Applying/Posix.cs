using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Follower.Applying;

/// <summary>The few libc calls .NET does not offer: fsync of a directory, chown, realpath.</summary>
internal static partial class Posix
{
    private const int ReadOnly = 0;

    /// <summary>Makes a rename or a delete in <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to fsync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot fsync directory {directory}", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Sets owner and/or group; a null id is left unchanged.</summary>
    public static void Chown(string path, int? uid, int? gid)
    {
        if (uid is null && gid is null)
        {
            return;
        }

        if (Lchown(path, uid is null ? uint.MaxValue : (uint)uid.Value, gid is null ? uint.MaxValue : (uint)gid.Value) != 0)
        {
            throw new IOException($"Cannot change the owner of {path}", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>The canonical path with every symlink resolved; null when it does not resolve.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lchown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
