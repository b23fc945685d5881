using System.Runtime.InteropServices;

namespace PryvBus.Shared.Native;

/// <summary>
/// The libc calls .NET does not offer, declared once for both programs (source-generated marshalling: Native AOT
/// safe). Callers check the result and read the error with <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
public static partial class Libc
{
    public const int ReadOnly = 0;

    /// <summary>
    /// <c>O_PATH | O_NOFOLLOW | O_CLOEXEC</c>: a handle on what is at a path, the link itself if it is one; nothing opened
    /// through it. <c>O_NOFOLLOW</c> differs between architectures (0x8000 on ARM).
    /// </summary>
    public static readonly int PathHandle = 0x200000 | 0x80000
        | (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.Arm64
            or System.Runtime.InteropServices.Architecture.Arm ? 0x8000 : 0x20000);

    /// <summary>The canonical path with every link resolved (<c>realpath(3)</c>, which opens nothing); null when it does not resolve.</summary>
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

    /// <summary>The target of symbolic link <paramref name="path"/> (<c>readlink</c>); null when it is not one or cannot be read.</summary>
    public static unsafe string? ReadLink(string path)
    {
        const int Size = 4096; // PATH_MAX
        var buffer = stackalloc byte[Size];
        var length = ReadLinkNative(path, buffer, Size);
        return length <= 0 || length >= Size ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)length);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int directoryFd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    /// <summary><c>pwrite</c>: writes at an offset (the <c>pwrite64</c> system call), the descriptor's position untouched.</summary>
    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    public static unsafe partial nint Pwrite(int fd, byte* buffer, nint count, long offset);

    /// <summary><c>pread</c>: reads at an offset (the <c>pread64</c> system call), the descriptor's position untouched.</summary>
    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint Pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string created);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    /// <summary>The effective user id of this process.</summary>
    public static uint Geteuid() => GeteuidNative();

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lchown(string path, uint owner, uint group);

    /// <summary><c>statx</c> into a 256-byte buffer (the same layout on every architecture).</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);

    /// <summary><c>statfs</c> into a 128-byte buffer: the file system's type is its first field (a long on 64-bit Linux).</summary>
    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statfs(string path, [Out] byte[] buffer);

    /// <summary><c>fstatfs</c>: <see cref="Statfs"/> of what a descriptor refers to.</summary>
    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    public static partial int Fstatfs(int fd, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint ReadLinkNative(string path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GeteuidNative();

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
