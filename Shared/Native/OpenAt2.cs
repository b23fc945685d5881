using System.Runtime.InteropServices;

namespace PryvBus.Shared.Native;

/// <summary>
/// The raw <c>openat2</c> system call (Linux 5.6), which libc does not wrap: an open below a folder's descriptor with
/// resolution rules the kernel itself enforces on every part of the path (<c>RESOLVE_*</c>).
/// </summary>
public static partial class OpenAt2
{
    public const ulong NoCrossDevice = 0x01; // RESOLVE_NO_XDEV
    public const ulong NoMagicLinks = 0x02; // RESOLVE_NO_MAGICLINKS
    public const ulong NoSymlinks = 0x04; // RESOLVE_NO_SYMLINKS
    public const ulong Beneath = 0x08; // RESOLVE_BENEATH

    private const int NotPermitted = 1; // EPERM: a seccomp filter that does not know the call
    private const int NoSystemCall = 38; // ENOSYS: a kernel before 5.6
    private const int Number = 437; // the same on every architecture (the unified table of new system calls)

    /// <summary>
    /// Opens <paramref name="relative"/> below <paramref name="folder"/> with <paramref name="flags"/> and the rules
    /// <paramref name="resolve"/>: the descriptor, or -1 and the error; null when this kernel (or its filter) has no
    /// <c>openat2</c>, for the caller to walk the path itself.
    /// </summary>
    public static (int Fd, int Error)? Open(int folder, string relative, int flags, ulong resolve)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var how = new OpenHow { Flags = (ulong)flags, Resolve = resolve };
        var fd = (int)SystemCall(Number, folder, relative, ref how, (nuint)Marshal.SizeOf<OpenHow>());
        var error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return error is NoSystemCall or NotPermitted ? null : (fd, error);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SystemCall(nint number, int directoryFd, string path, ref OpenHow how, nuint size); // C long: 32 bits on 32-bit ARM
}
