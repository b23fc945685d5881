using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>One outage, one warning and one recovery line, even when an attempt queued during it fails after the recovery.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class BackendOutageTests
{
    [Fact]
    public void Failed_AttemptBegunBeforeTheRecovery_NoSecondWarning()
    {
        using var logs = new LogCollector();
        var outage = new BackendOutage("Redis", logs.CreateLogger("PryvBus.Test"));
        var begun = Stopwatch.GetTimestamp();
        outage.Failed("connection", "SocketClosed");
        outage.Succeeded("connection");

        outage.Failed("sync", new TimeoutException("timed out in the backlog"), begun);

        logs.Ours.Where(e => e.Level >= LogLevel.Warning).Should().ContainSingle().Which.Message.Should().Contain("SocketClosed");
        logs.Ours.Should().ContainSingle(e => e.EventId == 2402, "the recovery line");
        logs.Ours.Should().ContainSingle(e => e.EventId == 2401).Which.Message.Should().Contain("begun before the recovery");
    }

    [Fact]
    public void Failed_AttemptBegunBeforeTheRecoveryDuringANewOutage_CountsInThatOutage()
    {
        using var logs = new LogCollector();
        var outage = new BackendOutage("Redis", logs.CreateLogger("PryvBus.Test"));
        var begun = Stopwatch.GetTimestamp();
        outage.Failed("connection", "SocketClosed");
        outage.Succeeded("connection");
        outage.Failed("connection", "SocketClosed again");

        outage.Failed("sync", new TimeoutException("timed out in the backlog"), begun);
        outage.Succeeded("connection");

        logs.Ours.Where(e => e.EventId == 2400).Should().HaveCount(2, "one warning per outage");
        logs.Ours.Where(e => e.EventId == 2402).Last().Message.Should().Contain("2 failed attempt(s)", "the old attempt's failure counts in the open outage");
    }

    [Fact]
    public void Failed_AttemptBegunAfterTheRecovery_IsANewOutage()
    {
        using var logs = new LogCollector();
        var outage = new BackendOutage("Redis", logs.CreateLogger("PryvBus.Test"));
        outage.Failed("connection", "SocketClosed");
        outage.Succeeded("connection");

        outage.Failed("sync", new TimeoutException("timed out"), Stopwatch.GetTimestamp());

        logs.Ours.Where(e => e.EventId == 2400).Should().HaveCount(2);
    }
}
