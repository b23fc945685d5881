using PryvBus.Follower.Admission;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// An admission that vanishes under a follower that saw one (Redis came back empty, or the policy was removed): the
/// follower waits a grace period for the leader to write it again rather than applying at once; past it, no policy.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AdmissionVanishedTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Key = "vanished-key-0123456789abcdef";
    private static readonly FollowerEntry Self = new("core-1", "core", Key);

    [Fact]
    public async Task Decide_AdmissionVanishedWithAVersionStored_WaitsTheGraceThenNoPolicy()
    {
        var (gate, clock, keys) = NewGate();
        await redis.Db.StringSetAsync(keys.Serial("core"), 3);
        await new AdmissionWriter(redis.Admin, keys).AdmitAsync("core", 1, 3, [Self.Id], [Self]);
        (await gate.DecideAsync(1, 2)).Should().Be(AdmissionDecision.Admitted(1, 3));

        await redis.Db.KeyDeleteAsync(keys.Admission("core"));

        (await gate.DecideAsync(1, 3)).Waiting.Should().Contain("vanished");
        clock.Advance(AdmissionGate.VanishedGrace - TimeSpan.FromSeconds(1));
        (await gate.DecideAsync(1, 3)).Waiting.Should().Contain("vanished");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await gate.DecideAsync(1, 3)).Should().Be(AdmissionDecision.NoPolicy, "the policy was removed: every version at once again");
    }

    [Fact]
    public async Task Decide_AdmissionVanishedThenWrittenAgain_FollowsTheNewAdmission()
    {
        var (gate, _, keys) = NewGate();
        await new AdmissionWriter(redis.Admin, keys).AdmitAsync("core", 1, 3, [Self.Id], [Self]);
        (await gate.DecideAsync(1, 2)).Should().Be(AdmissionDecision.Admitted(1, 3));

        // Redis comes back empty: nothing stored, nothing to apply; then the leader stores the role anew and its next step admits wave 1 only.
        await redis.Db.KeyDeleteAsync(keys.Admission("core"));
        (await gate.DecideAsync(1, 3)).Should().Be(AdmissionDecision.NoPolicy);
        await redis.Db.StringSetAsync(keys.Serial("core"), 1);
        (await gate.DecideAsync(1, 3)).Waiting.Should().Contain("vanished", "the re-stored version is not applied before the leader admits it");
        await new AdmissionWriter(redis.Admin, keys).AdmitAsync("core", 2, 1, ["core-2"], [Self]);
        (await gate.DecideAsync(1, 3)).Waiting.Should().Contain("not admitted for this follower");
    }

    [Fact]
    public async Task Decide_NeverSawAnAdmission_NoPolicyAtOnce()
    {
        var (gate, _, keys) = NewGate();
        await redis.Db.StringSetAsync(keys.Serial("core"), 3);

        (await gate.DecideAsync(0, 0)).Should().Be(AdmissionDecision.NoPolicy);
    }

    [Fact]
    public async Task Decide_RequireAdmissionAndNoAdmissionEver_WaitsWithoutEnd()
    {
        // A follower restarted after Redis lost its data (it never saw this admission), or a deleted key: no grace.
        var (gate, clock, keys) = NewGate(requireAdmission: true);
        await redis.Db.StringSetAsync(keys.Serial("core"), 3);

        (await gate.DecideAsync(0, 0)).Waiting.Should().Contain("requires an admission");
        clock.Advance(AdmissionGate.VanishedGrace * 100);
        (await gate.DecideAsync(0, 0)).Waiting.Should().Contain("requires an admission");
        await new AdmissionWriter(redis.Admin, keys).AdmitAsync("core", 1, 3, [Self.Id], [Self]);
        (await gate.DecideAsync(0, 0)).Should().Be(AdmissionDecision.Admitted(1, 3));
    }

    [Fact]
    public void Load_RequireAdmission_ReadFromTheFollowersSettings()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("config-follower.json");
        File.WriteAllText(path, $$"""
            { "id": "core-1", "role": "core", "key": "{{Key}}", "redis": { "configuration": "127.0.0.1:6379" },
              "configRoot": "{{temp.Combine("pryv")}}", "requireAdmission": true }
            """);

        FollowerSettingsLoader.Load(path).RequireAdmission.Should().BeTrue();
    }

    private (AdmissionGate Gate, ManualTime Clock, PryvBus.Shared.RedisKeys Keys) NewGate(bool requireAdmission = false)
    {
        var settings = new FollowerSettings
        {
            Id = Self.Id, Role = "core", Key = Key, KeyPrefix = RedisServer.NewPrefix(),
            Redis = new PryvBus.Follower.Settings.RedisSettings { Configuration = redis.Endpoint }, ConfigRoot = "/nonexistent",
            RequireAdmission = requireAdmission,
        };
        var clock = new ManualTime();
        return (new AdmissionGate(settings, redis.Admin, clock), clock, settings.Keys);
    }
}
