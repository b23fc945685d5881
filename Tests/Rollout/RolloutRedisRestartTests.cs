using PryvBus.Leader.Rollout;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// A real <c>redis-server</c> restarted in the middle of a rollout, each test with its own server: with its data (an
/// append-only file fsynced at every write) the rollout resumes at the same wave; without it, the leader stores the
/// role anew in a newer generation and starts again from wave 1. No follower is ever admitted to more than its wave,
/// and no admitted version is older than one admitted before.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutRedisRestartTests
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(30); // A deadline, not a timing assertion.

    [Fact]
    public async Task Step_RedisKilledInsideAStepAndRestartedWithItsData_ResumesAtTheSameWave()
    {
        await using var server = new RedisServer { Persistent = true };
        await server.InitializeAsync();
        var clock = new RacingClock();
        using var s = new RolloutScenario(server, soakSeconds: 0, clock: clock);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", serial);

        // Killed after the driver read the state and before it admits wave 2: that step writes nothing.
        clock.BeforeNextRead = server.KillAsync;
        var step = () => s.StepAsync();
        await step.Should().ThrowAsync<Exception>();
        await server.StartAsync();
        await Wait.UntilAsync(async () => await PingsAsync(server), Reconnect, "the leader's connection back");

        (await s.PhaseAsync()).Should().Be(RolloutPhase.Running);
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(serial));
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull("wave 2 was not admitted before the restart");

        await s.StepAsync();
        (await s.AdmissionOfAsync("core-3")).Should().Be(s.Admitted(serial));
        await s.ReportAsync("core-2", serial);
        await s.ReportAsync("core-3", serial);
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);

        // The next version starts from wave 1 again: wave 2 keeps the version it had.
        var next = await s.RenderAsync("v2");
        await s.StepAsync();
        next.Should().BeGreaterThan(serial);
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(next));
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull();
    }

    [Fact]
    public async Task Step_RedisRestartedEmptyMidRollout_StartsAgainFromWaveOneAtANewerVersion()
    {
        await using var server = new RedisServer();
        await server.InitializeAsync();
        using var s = new RolloutScenario(server, soakSeconds: 0);
        var before = await s.RenderAsync("v1");
        var generationBefore = s.Generation;
        await s.StepAsync();
        await s.ReportAsync("core-1", before);
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-3")).Should().Be(s.Admitted(before));

        await server.KillAsync();
        await server.StartAsync();
        await Wait.UntilAsync(async () => await PingsAsync(server), Reconnect, "the leader's connection back");
        (await server.Db.KeyExistsAsync(s.Settings.Keys.Rollout("core"))).Should().BeFalse("the server came back empty");

        await s.StepAsync();

        var after = await s.RenderAsync("v1");
        await s.StepAsync();

        VersionOrder.Compare(s.Generation, after, generationBefore, before).Should().BePositive("a follower on the old version sees the new one as newer");
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(after));
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull("a data loss must not admit everyone at once");
        (await s.AdmissionOfAsync("core-3")).Waiting.Should().NotBeNull();
    }

    private static async Task<bool> PingsAsync(RedisServer server)
    {
        try
        {
            await server.Db.PingAsync();
            return true;
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return false;
        }
    }
}
