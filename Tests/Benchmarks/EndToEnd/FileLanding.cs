namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// A follower's file renamed into place, seen by inotify (<see cref="RenameWatcher"/>, monotonic stamps): each wait
/// returns the first landing at or after the moment the caller's action started, so a rename some earlier pass caused
/// is never taken for the action's.
/// </summary>
internal sealed class FileLanding : IDisposable
{
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly RenameWatcher _watcher;
    private long _landed;

    public FileLanding(string folder, string name)
    {
        _watcher = new RenameWatcher((_, renamed, at) =>
        {
            if (renamed == name)
            {
                Interlocked.Exchange(ref _landed, at);
                _arrived.Release();
            }
        });
        _watcher.Watch(folder, 0);
    }

    /// <returns>The stamp of the landing (<see cref="System.Diagnostics.Stopwatch"/> ticks); null after <paramref name="timeout"/>.</returns>
    public async Task<long?> AfterAsync(long started, TimeSpan timeout)
    {
        do
        {
            if (!await _arrived.WaitAsync(timeout))
            {
                return null;
            }
        }
        while (Interlocked.Read(ref _landed) < started);

        return Interlocked.Read(ref _landed);
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _arrived.Dispose();
    }
}
