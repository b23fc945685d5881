using System.Runtime.InteropServices;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// The libc calls .NET does not offer, to read a template without following it anywhere: the type of an entry without
/// following a link (<c>statx</c>, whose layout is the same on every architecture), the canonical path
/// (<c>realpath</c>), and an open that neither follows a final link nor blocks on a fifo.
/// </summary>
internal static partial class NativeFiles
{
    public const int TypeMask = 0xF000;
    public const int Regular = 0x8000;
    public const int DirectoryType = 0x4000;
    public const int Link = 0xA000;

    private const int CurrentDirectory = -100;
    private const int SymlinkNoFollow = 0x100;
    private const int EmptyPath = 0x1000;
    private const uint TypeAndSize = 0x1 | 0x200;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int NonBlock = 0x800;
    private const int CloseOnExec = 0x80000;

    /// <summary>O_NOFOLLOW differs between architectures.</summary>
    private static readonly int NoFollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>The file type bits (<see cref="TypeMask"/>) of the entry itself, a link not followed; null when it cannot be read.</summary>
    public static int? TypeOf(string path)
    {
        var buffer = new byte[StatxSize];
        return Statx(CurrentDirectory, path, SymlinkNoFollow, TypeAndSize, buffer) == 0 ? BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask : null;
    }

    /// <summary>Type bits and size of an open file.</summary>
    public static (int Type, long Size)? Describe(int fd)
    {
        var buffer = new byte[StatxSize];
        return Statx(fd, string.Empty, EmptyPath, TypeAndSize, buffer) == 0
            ? (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask, BitConverter.ToInt64(buffer, SizeOffset))
            : null;
    }

    /// <summary>The canonical path with every link resolved; null when it does not resolve (dangling, loop, unreadable).</summary>
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

    /// <summary>Opens for reading without following a final link and without blocking; -1 and the error when it fails.</summary>
    public static (int Fd, int Error) OpenForReading(string path)
    {
        var fd = Open(path, NonBlock | CloseOnExec | NoFollow);
        return (fd, fd < 0 ? Marshal.GetLastPInvokeError() : 0);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
