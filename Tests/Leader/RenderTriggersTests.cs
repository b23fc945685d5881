using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>Coalesced render requests: a checking request (reconnection, periodic check) is never lost to a trusting one.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RenderTriggersTests
{
    private const string Edit = InputWatcher.ReasonPrefix + "data/core/a.conf";

    [Fact]
    public async Task WaitAsync_ReconnectionThenAnEditBeforeThePass_ThePassChecks()
    {
        var triggers = new RenderTriggers();
        triggers.Request("redis reconnected");
        triggers.Request(Edit);

        var request = await triggers.WaitAsync(default);

        request.TrustStored.Should().BeFalse("the reconnection asked for every role to be checked");
        request.Reason.Should().Be("redis reconnected; " + Edit);
    }

    [Fact]
    public async Task WaitAsync_OnlyOperatorChanges_ThePassTrustsTheLatest()
    {
        var triggers = new RenderTriggers();
        triggers.Request("SIGHUP");
        triggers.Request(Edit);

        (await triggers.WaitAsync(default)).Should().Be(new RenderRequest(Edit, TrustStored: true));
    }

    [Fact]
    public async Task WaitAsync_CheckedPassTaken_NextEditAloneTrusts()
    {
        var triggers = new RenderTriggers();
        triggers.Request("periodic check");
        (await triggers.WaitAsync(default)).Should().Be(new RenderRequest("periodic check", TrustStored: false));

        triggers.Request(Edit);

        (await triggers.WaitAsync(default)).Should().Be(new RenderRequest(Edit, TrustStored: true));
    }

    [Fact]
    public async Task WaitAsync_NoRequest_WaitsUntilCancelled()
    {
        var triggers = new RenderTriggers();
        using var cancel = new CancellationTokenSource();
        var wait = triggers.WaitAsync(cancel.Token).AsTask();

        wait.IsCompleted.Should().BeFalse();
        await cancel.CancelAsync();

        await wait.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ArrivesWithinAsync_NothingRequested_FalseAndTheNextRequestStillArrives()
    {
        var triggers = new RenderTriggers();

        (await triggers.ArrivesWithinAsync(TimeSpan.FromMilliseconds(20), default)).Should().BeFalse();
        triggers.Request("SIGHUP");

        (await triggers.ArrivesWithinAsync(TimeSpan.FromMinutes(5), default)).Should().BeTrue("a request is waiting");
        (await triggers.WaitAsync(default)).Should().Be(new RenderRequest("SIGHUP", TrustStored: true), "looking does not take it");
    }

    [Fact]
    public async Task ArrivesWithinAsync_RequestWhileWaiting_True()
    {
        var triggers = new RenderTriggers();
        var waiting = triggers.ArrivesWithinAsync(TimeSpan.FromMinutes(5), default);

        triggers.Request("periodic check");

        (await waiting).Should().BeTrue();
    }

    [Fact]
    public async Task ArrivesWithinAsync_Stopping_Throws()
    {
        var triggers = new RenderTriggers();
        using var stopping = new CancellationTokenSource();
        var waiting = triggers.ArrivesWithinAsync(TimeSpan.FromMinutes(5), stopping.Token);

        await stopping.CancelAsync();

        await FluentActions.Awaiting(async () => await waiting).Should().ThrowAsync<OperationCanceledException>("stopping is not idleness");
    }
}
