using System.Buffers;
using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Whether a file holds exactly given bytes, read with three system calls (<c>open</c>, <c>pread</c>, <c>close</c>) where
/// <see cref="File.ReadAllBytes(string)"/> after <see cref="File.Exists(string)"/> makes six: what a plan asks of a file
/// of the target's size that neither the watch nor its stamp vouches for (often one the follower wrote at the last
/// change). Something at the path that opens but cannot be read as a file (a folder, a FIFO put there meanwhile) does not
/// hold the content; null when nothing opens (missing, not readable): the caller decides as before.
/// </summary>
internal static class DiskContent
{
    private const int NonBlocking = 0x800; // O_NONBLOCK: a FIFO put there meanwhile opens at once (and fails the read)
    private const int NoControllingTerminal = 0x100;
    private const int CloseOnExec = 0x80000;
    private static readonly int NoFollow = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
        is System.Runtime.InteropServices.Architecture.Arm64 or System.Runtime.InteropServices.Architecture.Arm ? 0x8000 : 0x20000;
    private const int Interrupted = 4; // EINTR

    /// <returns>Whether <paramref name="path"/> (a link as its last part not followed) holds exactly <paramref name="content"/>.</returns>
    public static unsafe bool? Holds(string path, ReadOnlySpan<byte> content)
    {
        // One byte more than the content: a longer file shows itself in the same read.
        var wanted = content.Length + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(wanted);
        // A link put in the file's place since its stamp was taken is not opened (ELOOP: nothing opens, the caller writes).
        var fd = Libc.Open(path, Libc.ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec | NoFollow);
        if (fd < 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        try
        {
            var read = 0;
            fixed (byte* start = buffer)
            {
                while (read < wanted)
                {
                    var count = Libc.Pread(fd, start + read, wanted - read, read);
                    if (count < 0 && Marshal.GetLastPInvokeError() == Interrupted)
                    {
                        continue;
                    }

                    if (count < 0)
                    {
                        return false; // opened, not readable as a file: it cannot hold the content
                    }

                    if (count == 0)
                    {
                        break;
                    }

                    read += (int)count;
                }
            }

            return read == content.Length && buffer.AsSpan(0, read).SequenceEqual(content);
        }
        finally
        {
            _ = Libc.Close(fd);

            // A secret file's bytes are not left in a pool other code rents from.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
