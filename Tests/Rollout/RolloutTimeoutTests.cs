using PryvBus.Leader.Rollout;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// A follower of the last wave that never reports the version (down, or its agent stopped): after
/// <c>followerTimeoutSeconds</c> the policy's <c>onTimeout</c> decides. The clock is moved by hand.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutTimeoutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    /// <summary>Wave 1 (core-1) is applied and wave 2 admitted; core-2 reports the version, core-3 never does.</summary>
    private static async Task<long> ToWaveTwoWithASilentFollowerAsync(RolloutScenario s)
    {
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();
        await s.ReportAsync("core-1", serial);
        await s.StepAsync();
        await s.ReportAsync("core-2", serial);
        await s.StepAsync();
        return serial;
    }

    [Fact]
    public async Task Step_SilentFollowerWithSkip_SkipsItAndCompletes()
    {
        using var s = new RolloutScenario(redis, onFailure: "halt", onTimeout: "skip", soakSeconds: 0);
        var serial = await ToWaveTwoWithASilentFollowerAsync(s);
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Running, "core-3 still has time");

        s.Time.Advance(TimeSpan.FromSeconds(601));
        await s.StepAsync();
        await s.StepAsync();

        (await s.PhaseAsync()).Should().Be(RolloutPhase.Done);
        (await redis.Db.HashGetAsync(s.Settings.Keys.Rollout("core"), "skipped")).ToString().Should().Be("core-3");
        (await s.AdmissionOfAsync("core-3")).Should().Be(s.Admitted(serial), "a skipped follower stays admitted and catches up when it returns");
    }

    [Fact]
    public async Task Step_SilentFollowerWithHalt_HaltsNamingIt()
    {
        using var s = new RolloutScenario(redis, onFailure: "halt", onTimeout: "halt", soakSeconds: 0);
        await ToWaveTwoWithASilentFollowerAsync(s);
        s.Time.Advance(TimeSpan.FromSeconds(599));
        await s.StepAsync();
        (await s.PhaseAsync()).Should().Be(RolloutPhase.Running);

        s.Time.Advance(TimeSpan.FromSeconds(2));
        await s.StepAsync();
        await s.StepAsync();

        (await s.PhaseAsync()).Should().Be(RolloutPhase.Halted, "a halted rollout stays halted until an operator or a new version");
        (await redis.Db.HashGetAsync(s.Settings.Keys.Rollout("core"), "reason")).ToString().Should().Be("core-3 not healthy after 600 s");
    }
}
