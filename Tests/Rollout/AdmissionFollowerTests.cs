using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Rollout;

/// <summary>A real follower under a rollout policy applies only what the leader's signed admission names for it.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AdmissionFollowerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly FollowerEntry Self = new(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

    [Fact]
    public async Task Sync_NotYetAdmitted_KeepsFilesUntilAdmitted()
    {
        await using var follower = new FollowerHarness(redis);
        var writer = new AdmissionWriter(redis.Admin, follower.Leader.Keys);
        await follower.StartAsync();
        var first = await follower.Leader.PublishAsync(Files("v1"));
        await follower.WaitForAppliedAsync(first);

        // Wave 1 is another machine: this follower is in wave 2 and must not write the new files.
        var second = await follower.Leader.StoreAsync(Files("v2"));
        await writer.AdmitAsync(LeaderDouble.Role, 1, second, ["core-0"], [Self]);
        await follower.WaitForStateAsync(FollowerState.Waiting);

        follower.Read("a.conf").Should().Be("v1");
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("waiting for admission");

        await writer.AdmitAsync(LeaderDouble.Role, 1, second, ["core-0", Self.Id], [Self]);
        await follower.WaitForAppliedAsync(second);
        follower.Read("a.conf").Should().Be("v2");
    }

    [Fact]
    public async Task Sync_ForgedAdmission_Refused()
    {
        await using var follower = new FollowerHarness(redis);
        var writer = new AdmissionWriter(redis.Admin, follower.Leader.Keys);
        await follower.StartAsync();
        var first = await follower.Leader.PublishAsync(Files("v1"));
        await follower.WaitForAppliedAsync(first);
        await writer.AdmitAsync(LeaderDouble.Role, 1, first, [Self.Id], [Self]);

        // Someone who can write to Redis admits the next version with a key that is not this follower's.
        var second = await follower.Leader.StoreAsync(Files("v2"));
        await writer.AdmitAsync(LeaderDouble.Role, 1, second, [Self.Id], [Self with { Key = "attacker-key-0123456789abcdef" }]);
        await follower.WaitForStateAsync(FollowerState.Waiting);

        follower.Read("a.conf").Should().Be("v1");
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("does not verify");
    }

    [Fact]
    public async Task Sync_NoAdmissionKey_AppliesAtOnce()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();

        var serial = await follower.Leader.PublishAsync(Files("v1"));

        await follower.WaitForAppliedAsync(serial);
        (await redis.Db.KeyExistsAsync(follower.Leader.Keys.Admission(LeaderDouble.Role))).Should().BeFalse();
        AdmissionFields.Followers.Should().Be("followers");
    }

    private static Dictionary<string, string> Files(string content) => new(StringComparer.Ordinal) { ["a.conf"] = content };
}
