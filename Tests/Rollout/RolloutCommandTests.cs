using PryvBus.Leader.Commands;
using PryvBus.Leader.Rollout;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary><c>rollout status|pause|resume|abort|promote ROLE</c> through the real command line.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutCommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Rollout_PauseResumePromote_ChangesThePhaseAndTheAdmission()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();

        var (exit, output) = await RunAsync("rollout", "status", "core", "--config", s.ConfigPath);
        exit.Should().Be(0);
        output.Should().Contain("running, wave 1 of 2").And.Contain("wave 1 admitted").And.Contain("wave 2 waiting").And.Contain("core-3");

        (await RunAsync("rollout", "pause", "core", "--config", s.ConfigPath)).Exit.Should().Be(0);
        await s.ReportAsync("core-1", serial);
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull("a paused rollout admits no next wave");

        (await RunAsync("rollout", "resume", "core", "--config", s.ConfigPath)).Exit.Should().Be(0);
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-2")).Should().Be(s.Admitted(serial));

        (await RunAsync("rollout", "promote", "core", "--config", s.ConfigPath)).Exit.Should().Be(0);
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);
        var json = await RunAsync("rollout", "status", "core", "--json", "--config", s.ConfigPath);
        json.Output.Should().Contain("\"phase\": \"done\"");
    }

    [Fact]
    public async Task Rollout_ActionNotValidInPhase_ExitsOneWithTheReason()
    {
        using var s = new RolloutScenario(redis);
        await s.RenderAsync("v1");
        await s.StepAsync();
        (await RunAsync("rollout", "abort", "core", "--config", s.ConfigPath)).Exit.Should().Be(0);

        var (exit, output) = await RunAsync("rollout", "pause", "core", "--config", s.ConfigPath);

        exit.Should().Be(1);
        output.Should().Contain("cannot pause").And.Contain("aborted");
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }
}
