using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.State;

/// <summary>
/// An exclusive <c>flock(2)</c> on a lock file of the state folder, taken on a descriptor of its own. It does not rely on
/// <see cref="FileShare.None"/>, which <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c> silently turns into no lock at all.
/// The kernel releases it when the process dies.
/// </summary>
internal sealed class StateLock : IDisposable
{
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int Exclusive = 2;
    private const int NoWait = 4;
    private const int WouldBlock = 11;
    private const int Interrupted = 4;

    private int _fd;

    private StateLock(int fd) => _fd = fd;

    public static async Task<IDisposable> AcquireAsync(string lockFile, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(lockFile);
        var fd = Libc.Open(lockFile, ReadWrite | Create | CloseOnExec, (int)StateFiles.PrivateFile);
        if (fd < 0)
        {
            throw new StateException($"{lockFile}: cannot open the lock file ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})");
        }

        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Libc.Flock(fd, Exclusive | NoWait) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (WouldBlock or Interrupted))
                {
                    throw new StateException($"{lockFile}: cannot lock it ({Marshal.GetPInvokeErrorMessage(errno)})");
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new StateException($"{lockFile}: still locked by another PryvBus process after {timeout.TotalSeconds} s");
                }

                await Task.Delay(Random.Shared.Next(5, 25), ct);
            }

            return new StateLock(fd);
        }
        catch
        {
            _ = Libc.Close(fd);
            throw;
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }
}
