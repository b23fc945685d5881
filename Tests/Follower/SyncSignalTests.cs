using PryvBus.Follower.Receiving;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Where the sync loop goes on after a request: on the event reader's thread for a config event (no thread woken for it),
/// on the thread pool for any other request and after a wait's timeout (never inside a timer's, a reconnect handler's or
/// the restart worker's call).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SyncSignalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RequestWithSerial_LoopWaiting_GoesOnOnTheRequestingThreadBeforeTheRequestReturns()
    {
        var signal = new SyncSignal();
        int? ranOn = null;
        var loop = WaitThenRecord(signal, () => ranOn = Environment.CurrentManagedThreadId);

        var (requester, ranWhenReturned) = OnOwnThread(() => signal.Request(7), () => ranOn);

        ranWhenReturned.Should().Be(requester, "the waiting loop went on inside the request, on its thread");
        await loop.WaitAsync(Timeout);
        signal.TakeAnnounced().Should().Be(7);
    }

    [Fact]
    public async Task Request_LoopWaiting_GoesOnOnThePoolNotInTheCall()
    {
        var signal = new SyncSignal();
        int? ranOn = null;
        var loop = WaitThenRecord(signal, () => ranOn = Environment.CurrentManagedThreadId);

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
        signal.TakeAnnounced().Should().Be(4);
    }

    /// <summary>
    /// A loop waiting for the signal, as the follower's sync loop waits: with no synchronization context (xunit's would take
    /// the continuation). Waiting once this returns.
    /// </summary>
    private static Task WaitThenRecord(SyncSignal signal, Action record)
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
            await signal.WaitAsync(CancellationToken.None);
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
