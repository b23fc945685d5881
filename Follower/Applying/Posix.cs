using System.ComponentModel;
using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>The follower's uses of the libc calls .NET does not offer (<see cref="Libc"/>): fsync of a directory, chown, the real path.</summary>
internal static class Posix
{
    /// <summary>Makes a rename or a delete in <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = Libc.Open(directory, Libc.ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to fsync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Libc.Fsync(fd) != 0)
            {
                throw new IOException($"Cannot fsync directory {directory}", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>Sets owner and/or group; a null id is left unchanged.</summary>
    public static void Chown(string path, int? uid, int? gid)
    {
        if (uid is null && gid is null)
        {
            return;
        }

        if (Libc.Lchown(path, uid is null ? uint.MaxValue : (uint)uid.Value, gid is null ? uint.MaxValue : (uint)gid.Value) != 0)
        {
            throw new IOException($"Cannot change the owner of {path}", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
    }

    private const int PathOnly = 0x200000; // O_PATH
    private const int CloseOnExec = 0x80000;

    /// <summary>
    /// The canonical path with every symlink resolved; null when it does not resolve. The kernel's name of what an
    /// <c>O_PATH</c> open of <paramref name="path"/> finds (<c>readlink /proc/self/fd/N</c>): three system calls, where
    /// <c>realpath(3)</c> reads the link of every component (seven for a root six folders deep, on every sync). Where
    /// <c>/proc</c> gives no usable name (not mounted, the object deleted meanwhile or outside this process's root),
    /// <c>realpath(3)</c> decides.
    /// </summary>
    public static string? RealPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fd = path.Length == 0 ? -1 : Libc.Open(path, PathOnly | CloseOnExec);
        if (fd < 0)
        {
            return Libc.RealPath(path);
        }

        string? named;
        try
        {
            named = Libc.ReadLink(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}"));
        }
        finally
        {
            _ = Libc.Close(fd);
        }

        return named is ['/', ..] && !named.EndsWith(" (deleted)", StringComparison.Ordinal) ? named : Libc.RealPath(path);
    }
}
