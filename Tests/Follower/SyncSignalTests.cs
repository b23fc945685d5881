using PryvBus.Follower.Receiving;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Where the sync loop goes on after a request: on the event reader's thread for a config event (no thread woken for it),
/// on the thread pool for any other request (never inside a timer's, a reconnect handler's or the restart worker's call)
/// and after a wait's timeout.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SyncSignalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequestWithSerial_LoopWaiting_GoesOnOnTheRequestingThreadBeforeTheRequestReturns(bool withTimeout)
    {
        var signal = new SyncSignal();
        int? ranOn = null;
        using var stopping = new CancellationTokenSource();
        var loop = WaitThenRecord(signal, withTimeout, () => ranOn = Environment.CurrentManagedThreadId, stopping.Token);

        var (requester, ranWhenReturned) = OnOwnThread(() => signal.Request(7), () => ranOn);

        ranWhenReturned.Should().Be(requester, "the waiting loop went on inside the request, on its thread");
        await loop.WaitAsync(Timeout);
        signal.TakeAnnounced()!.Serial.Should().Be(7);
    }

    [Fact]
    public async Task Request_LoopWaiting_GoesOnOnThePoolNotInTheCall()
    {
        var signal = new SyncSignal();
        int? ranOn = null;
        using var stopping = new CancellationTokenSource();
        var loop = WaitThenRecord(signal, withTimeout: false, () => ranOn = Environment.CurrentManagedThreadId, stopping.Token);

        var (requester, _) = OnOwnThread(signal.Request, () => ranOn);

        await loop.WaitAsync(Timeout);
        ranOn.Should().NotBeNull().And.NotBe(requester);
    }

    [Fact]
    public async Task WaitWithTimeout_NoRequest_GoesOnOnThePoolAfterTheTimeout()
    {
        var signal = new SyncSignal();
        var onPool = false;

        var came = await Task.Run(async () =>
        {
            var result = await signal.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
            onPool = Thread.CurrentThread.IsThreadPoolThread;
            return result;
        }).WaitAsync(Timeout);

        came.Should().BeFalse();
        onPool.Should().BeTrue();
    }

    [Fact]
    public async Task Requests_WhileNoOneWaits_CoalesceIntoOneWakeUp()
    {
        var signal = new SyncSignal();
        signal.Request(3);
        signal.Request(4);

        (await signal.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)).Should().BeTrue();
        (await signal.WaitAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None)).Should().BeFalse("two requests gave one wake-up");
        signal.TakeAnnounced()!.Serial.Should().Be(4);
    }

    /// <summary>
    /// A loop waiting for the signal, as the follower's sync loop waits: with the host's token (cancellable), with or
    /// without the idle timeout, and no synchronization context (xunit's would take the continuation). Waiting once this
    /// returns.
    /// </summary>
    private static Task WaitThenRecord(SyncSignal signal, bool withTimeout, Action record, CancellationToken ct)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return Loop();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        async Task Loop()
        {
            if (withTimeout)
            {
                (await signal.WaitAsync(TimeSpan.FromMinutes(5), ct)).Should().BeTrue();
            }
            else
            {
                await signal.WaitAsync(ct);
            }

            record();
        }
    }

    /// <summary>Runs <paramref name="request"/> on a thread of its own; its id, and what <paramref name="recorded"/> said when it returned.</summary>
    private static (int Requester, int? RanWhenReturned) OnOwnThread(Action request, Func<int?> recorded)
    {
        var requester = 0;
        int? seen = null;
        var thread = new Thread(() =>
        {
            requester = Environment.CurrentManagedThreadId;
            request();
            seen = recorded();
        });
        thread.Start();
        thread.Join();
        return (requester, seen);
    }
}
