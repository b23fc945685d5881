using System.ComponentModel;
using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The system calls of one durable file write, made directly: created new (never through a link) with its final mode, written,
/// fsynced, mode and owner set on the descriptor, closed. <see cref="FileStream"/> would add a lock taken and released, a
/// position and a status read per file, and the mode and owner set by path afterwards. Every failure is an
/// <see cref="IOException"/> naming the file and the system's reason.
/// </summary>
internal static class TempFile
{
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int NoFollow = 0x20000;
    private const int CloseOnExec = 0x80000;

    /// <summary>A new file at <paramref name="path"/>, created with <paramref name="mode"/> (less the umask), open for writing.</summary>
    public static int Open(string path, UnixFileMode mode)
    {
        var fd = Libc.Open(path, WriteOnly | Create | Exclusive | NoFollow | CloseOnExec, (int)mode);
        return fd >= 0 ? fd : throw Failure("create", path);
    }

    /// <summary>Writes the whole of <paramref name="content"/> from the start of the file.</summary>
    public static unsafe void Write(int fd, ReadOnlySpan<byte> content, string path)
    {
        fixed (byte* start = content)
        {
            for (var written = 0; written < content.Length;)
            {
                var count = Libc.Pwrite(fd, start + written, content.Length - written, written);
                if (count < 0 && Marshal.GetLastPInvokeError() == 4)
                {
                    continue; // EINTR
                }

                written += count > 0 ? (int)count : throw Failure("write", path);
            }
        }
    }

    /// <summary>fsync, then the exact mode (the umask may have taken bits away) and the owner (null ids: unchanged); closed in any case.</summary>
    public static void Finish(int fd, string path, UnixFileMode mode, int? uid, int? gid)
    {
        try
        {
            if (Libc.Fsync(fd) != 0)
            {
                throw Failure("fsync", path);
            }

            if (Libc.Fchmod(fd, (uint)mode) != 0)
            {
                throw Failure("set the mode of", path);
            }

            if ((uid is not null || gid is not null)
                && Libc.Fchown(fd, uid is null ? uint.MaxValue : (uint)uid.Value, gid is null ? uint.MaxValue : (uint)gid.Value) != 0)
            {
                throw Failure("change the owner of", path);
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>Renames <paramref name="from"/> over <paramref name="to"/> (atomic: the old file or the new one, never neither).</summary>
    public static void Rename(string from, string to)
    {
        if (Libc.Rename(from, to) != 0)
        {
            throw Failure("rename a temporary file onto", to);
        }
    }

    private static IOException Failure(string action, string path) =>
        new($"Cannot {action} {path}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
}
