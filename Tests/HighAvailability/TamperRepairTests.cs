using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// A current version whose stored content no longer matches its digest (overwritten, deleted) is repaired by the next
/// pass: the leader stores a fresh serial instead of answering "unchanged", and followers converge.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class TamperRepairTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static LeaderTree Tree(RedisServer redis) => new LeaderTree(redis.Endpoint)
        .Template("core", "a.conf", "domain {{ DOMAIN }}")
        .Template("core", "b.conf", "second file")
        .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

    [Fact]
    public async Task Run_FileOfCurrentVersionOverwritten_FreshSerialAndFollowerConverges()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        await redis.Db.HashSetAsync(leader.Keys.Config("core", 1), "a.conf", "domain evil.test");
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200), prefix: tree.Prefix);
        await follower.StartAsync();
        await follower.WaitForStateAsync(FollowerState.Error);
        (await follower.StatusAsync())[StatusFields.Error].Should().Contain("does not match its sha256");
        File.Exists(follower.Path("a.conf")).Should().BeFalse("a version that fails its digest is never written");

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Stored.Should().BeTrue("the tampered current version is replaced, not reported unchanged");
        reports.Single().Store!.Serial.Should().Be(2);
        await follower.WaitForAppliedAsync(2);
        follower.Read("a.conf").Should().Be("domain pryv.test");
        (await leader.RunAsync("periodic check")).Single().Stored.Should().BeFalse("once repaired, the version stays");
    }

    [Fact]
    public async Task Run_FileOfCurrentVersionDeleted_FreshSerial()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        await redis.Db.HashDeleteAsync(leader.Keys.Config("core", 1), "b.conf");

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Store!.Serial.Should().Be(2);
        (await leader.FileAsync("core", "b.conf")).Should().Be("second file");
    }

    [Fact]
    public async Task Run_SecretFilesOfCurrentMetaChanged_FreshSerial()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        await redis.Db.HashSetAsync(leader.Keys.Meta("core", 1), "secretFiles", "[\"a.conf\"]");

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Store!.Serial.Should().Be(2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[\"nope.conf\"]")]
    public async Task Run_SecretFilesOfCurrentMetaMissingOrNamingAbsentFile_FreshSerialTheFollowerAccepts(string? secretFiles)
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        if (secretFiles is null)
        {
            await redis.Db.HashDeleteAsync(leader.Keys.Meta("core", 1), "secretFiles");
        }
        else
        {
            await redis.Db.HashSetAsync(leader.Keys.Meta("core", 1), "secretFiles", secretFiles);
        }

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Store!.Serial.Should().Be(2, "the follower rejects that meta, so the leader must not keep it");
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200), prefix: tree.Prefix);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(2);
    }
}
