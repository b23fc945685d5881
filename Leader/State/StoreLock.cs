using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Leader.State;

/// <summary>
/// An exclusive lock on <c>store.lock</c> in the state folder (<c>flock(LOCK_EX)</c>): the service and the CLI verbs
/// that store (render, rollback, secrets rotate) run in different processes on the same record, and each
/// read-modify-write of it happens under this lock. The kernel releases it if the process dies.
/// </summary>
public sealed partial class StoreLock : IDisposable
{
    public const string FileName = "store.lock";

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private readonly FileStream _stream;

    private StoreLock(FileStream stream) => _stream = stream;

    /// <exception cref="TimeoutException">Another process kept the lock for <paramref name="timeout"/>.</exception>
    public static async Task<StoreLock> AcquireAsync(string directory, TimeSpan timeout, CancellationToken ct)
    {
        var path = Path.Combine(directory, FileName);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new StoreLock(Open(path));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by another process (or another pass of this one): its pass is short, wait for it.
                await Task.Delay(Random.Shared.Next(20, 80), ct);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"{path} stayed locked for {timeout.TotalSeconds:0} s (another pryvbus-leader process is storing): {ex.Message}", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <exception cref="IOException">Another open file description holds the lock.</exception>
    private static FileStream Open(string path)
    {
        // flock is called here rather than left to FileShare.None, which DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns off.
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite,
            UnixCreateMode = StateFolder.FileMode,
        };
        var stream = new FileStream(path, options);
        if (Flock((int)stream.SafeFileHandle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0)
        {
            return stream;
        }

        var errno = Marshal.GetLastPInvokeError();
        stream.Dispose();
        throw new IOException($"{path} is locked by another process", new Win32Exception(errno));
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
