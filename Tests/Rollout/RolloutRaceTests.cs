using PryvBus.Leader.Rollout;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// An operator's action (CLI or admin API: both go through <see cref="RolloutControl"/>) and a driver step racing on the
/// same rollout: whichever writes second sees the state changed and decides again from the new one, never overwrites
/// it. The race is forced with <see cref="RacingClock"/>: the other party writes between one's read and its write.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutRaceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Step_PausedBetweenTheDriversReadAndWrite_PauseKeptAndNoWaveAdmitted()
    {
        var clock = new RacingClock();
        using var s = new RolloutScenario(redis, soakSeconds: 0, clock: clock);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", serial);
        clock.BeforeNextRead = () => new RolloutControl(redis.Admin).ApplyAsync(s.Settings, "core", "pause");

        await s.StepAsync();

        clock.BeforeNextRead.Should().BeNull("the pause landed inside the driver's step");
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Paused);
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull("the driver's step was about to admit wave 2");
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Paused);
    }

    [Fact]
    public async Task Apply_DriverCompletesBetweenTheActionsReadAndWrite_ActionRefusedAndDoneKept()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", serial);
        await s.StepAsync();
        await s.ReportAsync("core-2", serial);
        await s.ReportAsync("core-3", serial);
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Running);
        var clock = new RacingClock { BeforeNextRead = s.StepAsync };

        var pause = () => new RolloutControl(redis.Admin, time: clock).ApplyAsync(s.Settings, "core", "pause");

        (await pause.Should().ThrowAsync<InvalidOperationException>()).WithMessage("cannot pause the rollout of 'core': it is done");
        clock.BeforeNextRead.Should().BeNull("the driver's step landed inside the action");
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);
    }

    [Fact]
    public async Task Apply_DriverHaltsBetweenTheActionsReadAndWrite_PauseRefusedAndHaltKept()
    {
        using var s = new RolloutScenario(redis, onFailure: "halt", soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", 0, FollowerState.Reverted, wanted: serial);
        var clock = new RacingClock { BeforeNextRead = s.StepAsync };

        var pause = () => new RolloutControl(redis.Admin, time: clock).ApplyAsync(s.Settings, "core", "pause");

        (await pause.Should().ThrowAsync<InvalidOperationException>()).WithMessage("cannot pause the rollout of 'core': it is halted");
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Halted);
        (await redis.Db.HashGetAsync(s.Settings.Keys.Rollout("core"), "reason")).ToString().Should().StartWith("core-1 reports reverted");
    }
}
