using PryvBus.Follower.Admission;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// A version of a role under a rollout policy is never stored while the role has no admission: the leader first holds
/// the role (an admission naming no follower), so a follower that never saw an admission (a fresh one, or one restarted
/// after Redis lost its data or after someone deleted the key) waits for the leader's next step instead of applying at
/// once. Each decision is the real follower check, without the memory a running follower keeps.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AdmissionHoldTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Render_FirstVersionOfAPolicyRole_HeldUntilTheFirstWaveIsAdmitted()
    {
        using var s = new RolloutScenario(redis);

        var first = await s.RenderAsync("v1");

        (await s.AdmissionOfAsync("core-1")).Waiting.Should().Contain("holds the role");
        (await s.AdmissionOfAsync("core-3")).Waiting.Should().Contain("holds the role");
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(first));
        (await s.AdmissionOfAsync("core-3")).Waiting.Should().NotBeNull();
    }

    [Fact]
    public async Task Render_AdmissionDeletedAfterARollout_NextVersionHeld()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var first = await s.RenderAsync("v1");
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(first));
        await redis.Db.KeyDeleteAsync(s.Settings.Keys.Admission("core"));

        var second = await s.RenderAsync("v2");

        (await s.AdmissionOfAsync("core-2")).Should().NotBe(AdmissionDecision.NoPolicy, "a follower restarted now must not apply version {0} at once", second);
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().Contain("holds the role");
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(second));
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull();
    }

    [Fact]
    public async Task Render_RedisLostItsData_ReStoredVersionHeld()
    {
        using var s = new RolloutScenario(redis);
        await s.RenderAsync("v1");
        await s.StepAsync();
        foreach (var key in redis.Admin.GetServers()[0].Keys(pattern: s.Settings.KeyPrefix + ":*"))
        {
            await redis.Db.KeyDeleteAsync(key);
        }

        var restored = await s.RenderAsync("v1");

        (await s.AdmissionOfAsync("core-2")).Waiting.Should().Contain("holds the role");
        await s.StepAsync();
        (await s.AdmissionOfAsync("core-1")).Should().Be(s.Admitted(restored));
        (await s.AdmissionOfAsync("core-2")).Waiting.Should().NotBeNull();
    }

    [Fact]
    public async Task Render_RoleWithoutPolicy_NoAdmissionWritten()
    {
        using var s = new RolloutScenario(redis, configure: c => c.Remove("rollout"));

        await s.RenderAsync("v1");

        (await redis.Db.KeyExistsAsync(s.Settings.Keys.Admission("core"))).Should().BeFalse();
        (await s.AdmissionOfAsync("core-1")).Should().Be(AdmissionDecision.NoPolicy);
    }
}
