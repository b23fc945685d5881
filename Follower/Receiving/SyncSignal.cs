using System.Threading.Channels;
using PryvBus.Shared.Events;

namespace PryvBus.Follower.Receiving;

/// <summary>
/// The coalescing "look at the serial" signal between receivers (events, poller, reconnects) and the one sync loop.
/// At most one wake-up is pending: fifty events while an apply runs give one more sync, which reads the
/// serial key (the truth) and applies only the newest version.
/// A config event's request (<see cref="Request(long)"/>) runs a waiting sync loop on the event reader's thread, up to the
/// loop's first wait (the version's round trip), instead of waking another thread for it: one thread hand-off less per
/// change (docs/performance.md, "Fewer system calls and hand-offs per change"). Every other request goes through the thread
/// pool, so that no other caller (a timer, a reconnect's handler, the restart worker) ever runs a sync inside its call.
/// The host's stop (its token cancelled) ends a waiting loop inside the cancelling call: nothing may be added to the
/// loop's way out that should not run there.
/// </summary>
public sealed class SyncSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, AllowSynchronousContinuations = true });

    private int _retryRefused;
    private Announcement? _announced;

    public void Request() => ThreadPool.UnsafeQueueUserWorkItem(static signal => signal._pending.Writer.TryWrite(true), this, preferLocal: false);

    /// <summary>
    /// A config event announced <paramref name="serial"/> (untrusted), with the files it says changed since another version
    /// (<paramref name="delta"/>, untrusted): the next sync may read it in the same round trip as the serial key, and uses
    /// it only when the serial key names it (<see cref="TakeAnnounced"/>). The last one wins. A waiting sync loop goes on
    /// on the calling thread until its next wait.
    /// </summary>
    public void Request(long serial, ConfigDelta? delta = null)
    {
        Interlocked.Exchange(ref _announced, serial > 0 ? new Announcement(serial, delta) : null);
        _pending.Writer.TryWrite(true);
    }

    /// <summary>What the last config event announced since the last call, if anything.</summary>
    public Announcement? TakeAnnounced() => Interlocked.Exchange(ref _announced, null);

    /// <summary>An operator's <c>reload</c>: the next sync tries again a version whose check failed (see <see cref="TakeRetry"/>).</summary>
    public void RequestRetry()
    {
        Interlocked.Exchange(ref _retryRefused, 1);
        Request();
    }

    /// <summary>Whether a retry was requested since the last call.</summary>
    public bool TakeRetry() => Interlocked.Exchange(ref _retryRefused, 0) == 1;

    public async ValueTask WaitAsync(CancellationToken ct) => await _pending.Reader.ReadAsync(ct);

    /// <summary>
    /// Waits for a request or the end of <paramref name="timeout"/>, whichever comes first (a backoff a reconnect cuts short).
    /// True when a request came.
    /// </summary>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await _pending.Reader.ReadAsync(timer.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout (a timer's callback, on the thread pool).
            return false;
        }
    }
}
