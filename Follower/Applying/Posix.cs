using System.ComponentModel;
using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>The follower's uses of the libc calls .NET does not offer (<see cref="Libc"/>): fsync of a directory, chown, realpath.</summary>
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

    /// <summary>The canonical path with every symlink resolved; null when it does not resolve.</summary>
    public static string? RealPath(string path) => Libc.RealPath(path);
}
