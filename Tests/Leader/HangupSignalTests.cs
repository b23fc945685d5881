using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The executable's <c>SIGHUP</c> registration lives as long as the process and hands each hangup to the leader's loop
/// while one runs; a hangup that comes while none does (the host still starting, or the loop restarted) is kept for the
/// next, once, never lost and never doubled. The signal itself: <see cref="LeaderHangupTests"/>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class HangupSignalTests
{
    [Fact]
    public void Deliver_BeforeTheLoopForwards_GoesToItOnceWhenItDoes()
    {
        var signal = new HangupSignal();
        var requests = 0;

        signal.Deliver();
        signal.Deliver();
        using var forwarding = signal.Forward(() => requests++);

        requests.Should().Be(1, "two hangups before the loop ran ask for one pass, as two during a pass do");
        signal.Deliver();
        requests.Should().Be(2);
    }

    [Fact]
    public void Deliver_AfterTheLoopStoppedForwarding_KeptForTheNextLoopOnly()
    {
        var signal = new HangupSignal();
        var (first, second) = (0, 0);
        signal.Forward(() => first++).Dispose();

        signal.Deliver();
        using var forwarding = signal.Forward(() => second++);

        (first, second).Should().Be((0, 1));
    }

    [Fact]
    public void Forward_DisposedAfterAnotherForwards_LeavesTheNewTarget()
    {
        var signal = new HangupSignal();
        var (first, second) = (0, 0);
        var old = signal.Forward(() => first++);
        using var current = signal.Forward(() => second++);

        old.Dispose();
        signal.Deliver();

        (first, second).Should().Be((0, 1));
    }

    [Fact]
    public void Forward_TheSameTargetTwice_TheFirstsDisposeLeavesTheSecond()
    {
        var signal = new HangupSignal();
        var requests = 0;
        Action request = () => requests++;
        var old = signal.Forward(request);
        using var current = signal.Forward(request);

        old.Dispose();
        signal.Deliver();

        requests.Should().Be(1, "a stale forwarding's dispose ends nothing but itself");
    }
}
