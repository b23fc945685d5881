namespace PryvBus.Leader.State;

/// <summary>
/// An exclusive lock on <c>store.lock</c> in the state folder (flock, through <see cref="FileShare.None"/>): the
/// service and the CLI verbs that store (render, rollback, secrets rotate) run in different processes on the same
/// record, and each read-modify-write of it happens under this lock. The kernel releases it if the process dies.
/// </summary>
public sealed class StoreLock : IDisposable
{
    public const string FileName = "store.lock";

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
                var options = new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = StateFolder.FileMode,
                };
                return new StoreLock(new FileStream(path, options));
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
}
