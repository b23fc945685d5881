using PryvBus.Leader.Rollout;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>The leader's wave state machine against a real Redis, followers simulated through their status hashes.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutDriverTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Step_GoodVersion_GoesWaveByWaveToAll()
    {
        using var s = new RolloutScenario(redis);
        var good = await s.RenderAsync("v1");
        await s.StepAsync();

        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(good));
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull();

        // core-1 applied and healthy: the next wave waits for the soak time.
        await s.ReportAsync("core-1", good);
        await s.StepAsync();
        s.Time.Advance(TimeSpan.FromSeconds(30));
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull();

        s.Time.Advance(TimeSpan.FromSeconds(31));
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-2")).Should().Be(s.Admitted(good));
        (await s.AdmissionOfAsync("core-3")).Should().Be(s.Admitted(good));

        await s.ReportAsync("core-2", good, withHealth: true);
        await s.ReportAsync("core-3", good, withHealth: true);
        await s.StepAsync();
        s.Time.Advance(TimeSpan.FromSeconds(61));
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);
    }

    [Fact]
    public async Task Step_FirstWaveReverts_HaltsPinsAndNeverAdmitsTheRest()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var good = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", good);
        await s.StepAsync();
        await s.StepAsync();
        await s.ReportAsync("core-2", good);
        await s.ReportAsync("core-3", good);
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);

        var bad = await s.RenderAsync("v2-bad");
        await s.StepAsync();
        await s.ReportAsync("core-1", good, FollowerState.Reverted, wanted: bad);
        await s.StepAsync();

        (await s.PhaseAsync()).Should().Be(RolloutPhase.Halted);
        (await s.AdmissionOfAsync("core-2")).Serial.Should().NotBe(bad);

        // The pin stored the last good content as a new serial: every follower is admitted to it.
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Pinned);
        var pinned = await s.AdmissionOfAsync("core-3");
        pinned.Serial.Should().BeGreaterThan(bad);
        (await s.AdmissionOfAsync("core-1")).Should().Be(pinned);
        (await redis.Db.HashGetAsync(s.Settings.Keys.Config("core", pinned.Serial), RolloutScenario.FilePath)).ToString().Should().Be("v1");
    }

    [Fact]
    public async Task Step_ErrorLeftFromAnEarlierVersion_DoesNotHalt()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.ReportAsync("core-1", 0, FollowerState.Error, wanted: 0);
        await s.StepAsync();
        await s.StepAsync();

        (await s.PhaseAsync()).Should().Be(RolloutPhase.Running);
        await s.ReportAsync("core-1", 0, FollowerState.Error, wanted: serial);
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Halted);
    }

    [Fact]
    public async Task Step_LeaderRestartMidRollout_ResumesAtTheSameWave()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", serial);
        await s.StepAsync();
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-2")).Should().Be(s.Admitted(serial));

        s.RestartLeader();
        await s.StepAsync();

        // Not started again from wave 1: wave 2 stays admitted and the rollout completes.
        (await s.AdmissionOfAsync("core-3")).Should().Be(s.Admitted(serial));
        await s.ReportAsync("core-2", serial);
        await s.ReportAsync("core-3", serial);
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);
    }

    [Fact]
    public async Task Step_RedisLostItsDataMidRollout_StartsAgainFromWaveOne()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", serial);
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-3")).Should().Be(s.Admitted(serial));
        var before = s.Generation;

        // Every key of the bus is gone (a flush, a failover to an empty replica); the leader stores the role anew.
        var server = redis.Admin.GetServers()[0];
        foreach (var key in server.Keys(pattern: s.Settings.KeyPrefix + ":*"))
        {
            await redis.Db.KeyDeleteAsync(key);
        }

        var again = await s.RenderAsync("v1");
        await s.StepAsync();

        s.Generation.Should().NotBe(before);
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(again));
        (await s.AdmissionOfAsync("core-3")).Waiting.Should().NotBeNull("a data loss must not admit everyone at once");
    }

    [Fact]
    public async Task Step_FollowerSilentPastTimeout_SkipsOrHaltsAsConfigured()
    {
        using var skip = new RolloutScenario(redis, onTimeout: "skip", soakSeconds: 0);
        using var halt = new RolloutScenario(redis, onTimeout: "halt", soakSeconds: 0);
        foreach (var s in new[] { skip, halt })
        {
            await s.RenderAsync("v1");
            await s.StepAsync();
            s.Time.Advance(TimeSpan.FromSeconds(601));
            await s.StepAsync();
            await s.StepAsync();
        }

        (await skip.AdmissionOfAsync("core-2")).Waiting.Should().BeNull();
        (await halt.PhaseAsync()).Should().Be(RolloutPhase.Halted);
        (await halt.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull();
    }
}
