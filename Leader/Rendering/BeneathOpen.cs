using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Opens a path below an open folder so that nothing outside that folder is ever opened: <c>openat2</c> with
/// <c>RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV</c> (the kernel refuses a link,
/// <c>..</c>, a mount point or a bind mount anywhere on the way), or, on a kernel without <c>openat2</c> (ENOSYS, or
/// EPERM from a seccomp filter), the same walk one component at a time: <c>openat</c> with <c>O_NOFOLLOW</c> from the
/// folder's descriptor, each folder on the device of the start.
/// </summary>
internal static partial class BeneathOpen
{
    public const int NoEntry = 2;
    public const int CrossDevice = 18;
    public const int Loop = 40;
    private const int CloseOnExec = 0x80000;
    private const int NonBlock = 0x800;
    private const int DuplicateCloseOnExec = 1030; // F_DUPFD_CLOEXEC

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int NoFollow = Arm ? 0x8000 : 0x20000;

    /// <summary>O_DIRECTORY, which differs between architectures.</summary>
    public static readonly int Directory = Arm ? 0x4000 : 0x10000;

    /// <summary>Whether <c>openat2</c> is tried; false after the kernel refused it once.</summary>
    private static volatile bool _openAt2Works = true;

    /// <summary>Makes this thread use the walk, as on a kernel without <c>openat2</c> (tests of the fallback).</summary>
    [ThreadStatic]
    internal static bool ForceWalk;

    /// <summary>Opens a folder by its path, not following a final link; -1 and the error when it fails.</summary>
    public static (int Fd, int Error) OpenFolder(string path)
    {
        var fd = Open(path, Directory | NoFollow | CloseOnExec);
        return (fd, fd < 0 ? Marshal.GetLastPInvokeError() : 0);
    }

    /// <summary>
    /// Opens <paramref name="relative"/> ('/'-separated, no link on the way) below the folder open as
    /// <paramref name="folder"/>, read-only and without blocking, plus <paramref name="flags"/>; -1 and the error
    /// (<see cref="CrossDevice"/> for a way out of the folder or onto another filesystem, <see cref="Loop"/> for a link).
    /// </summary>
    public static (int Fd, int Error) Open(int folder, string relative, int flags = 0)
    {
        ArgumentNullException.ThrowIfNull(relative);
        flags |= NonBlock | CloseOnExec | NoFollow;
        if (_openAt2Works && !ForceWalk)
        {
            const ulong Rules = OpenAt2.Beneath | OpenAt2.NoSymlinks | OpenAt2.NoMagicLinks | OpenAt2.NoCrossDevice;
            if (OpenAt2.Open(folder, relative, flags, Rules) is { } opened)
            {
                return opened;
            }

            _openAt2Works = false;
        }

        return Walk(folder, relative, flags);
    }

    private static (int Fd, int Error) Walk(int folder, string relative, int flags)
    {
        var parts = relative.Split('/');
        if (parts.Any(p => p is "" or "." or ".."))
        {
            return (-1, CrossDevice);
        }

        var start = NativeFiles.Identity(folder);
        var current = folder;
        try
        {
            for (var i = 0; i < parts.Length; i++)
            {
                var last = i == parts.Length - 1;
                var next = OpenAt(current, parts[i], last ? flags : Directory | NoFollow | CloseOnExec | NonBlock);
                if (next < 0)
                {
                    return (-1, Marshal.GetLastPInvokeError());
                }

                if (current != folder)
                {
                    Close(current);
                }

                current = next;
                if (start is null || NativeFiles.Identity(current) is not { } here || !here.SameMount(start.Value))
                {
                    Close(current);
                    current = folder;
                    return (-1, CrossDevice);
                }
            }

            var opened = current;
            current = folder;
            return (opened, 0);
        }
        finally
        {
            if (current != folder)
            {
                Close(current);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAt(int directoryFd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    /// <summary>A new descriptor of the same open folder (close-on-exec); -1 and the error when it fails.</summary>
    public static (int Fd, int Error) Duplicate(int fd)
    {
        var copy = Control(fd, DuplicateCloseOnExec, 0);
        return (copy, copy < 0 ? Marshal.GetLastPInvokeError() : 0);
    }

    /// <summary>Closes a descriptor this class opened.</summary>
    public static void Close(int fd) => _ = CloseNative(fd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Control(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);
}
