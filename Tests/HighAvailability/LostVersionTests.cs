using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Versions;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// What an asynchronous-replication failover does to Redis (the newest versions vanish), and the repair: the leader
/// stores above the highest serial its own state folder recorded, never above anything a follower wrote.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LostVersionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint).Template("core", "a.conf", "domain {{ DOMAIN }}")
        .Follower("core-1", "core", "core-1-key-0123456789abcdef");

    /// <summary>Turns Redis back to serial <paramref name="keep"/> as a promoted replica that missed the last writes would.</summary>
    private async Task LoseNewestAsync(LeaderHarness leader, long keep, long newest)
    {
        await redis.Db.StringSetAsync(leader.Keys.Serial("core"), keep);
        for (var serial = keep + 1; serial <= newest; serial++)
        {
            await redis.Db.KeyDeleteAsync([leader.Keys.Config("core", serial), leader.Keys.Meta("core", serial)]);
        }
    }

    [Fact]
    public async Task StoreAsync_LedgerAboveCurrent_StoresAgainEvenWithSameContent()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var current = await leader.CurrentAsync("core");
        var ledger = new MemoryLedger(current!.Generation);
        await ledger.ReserveAsync("core", 4, default);

        var result = await new VersionStore(redis.Admin, leader.Keys, 10)
            .StoreAsync(new RenderedVersion("core", current.Files), tree.Load().Followers, "repair", ledger);

        result.Should().Match<StoreResult>(r => r.Outcome == StoreOutcome.Stored && r.Serial == 5 && r.Repair != null);
    }

    [Fact]
    public async Task Run_SerialWentBackwards_StoresAgainAboveTheHighestRecorded()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        await pipeline.RunAsync(tree.Load(), "one");
        tree.Value("DOMAIN", "two.test");
        await pipeline.RunAsync(tree.Load(), "two");
        await LoseNewestAsync(leader, keep: 1, newest: 2);

        var reports = await pipeline.RunAsync(tree.Load(), "periodic check");

        reports.Single().Store!.Serial.Should().Be(3, "serial 2 may already be applied somewhere: the repair goes above it");
        (await leader.FileAsync("core", "a.conf")).Should().Be("domain two.test");
    }

    [Fact]
    public async Task Run_NewLeaderProcessAfterLoss_StoresAboveItsRecordedSerial()
    {
        // The leader restarted too (nothing in memory): its state folder still says what it stored.
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("one");
        tree.Value("DOMAIN", "two.test");
        await leader.RunAsync("two");
        var generation = (await leader.CurrentAsync("core"))!.Generation;
        await LoseNewestAsync(leader, keep: 1, newest: 2);

        var reports = await leader.RunAsync("restarted leader");

        reports.Single().Store!.Should().Match<StoreResult>(r => r.Serial == 3 && r.Generation == generation);
    }

    [Fact]
    public async Task Run_VersionMissingUnderCurrentSerial_IsStoredAgain()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        await redis.Db.KeyDeleteAsync([leader.Keys.Config("core", 1), leader.Keys.Meta("core", 1)]);

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Store!.Should().Match<StoreResult>(r => r.Outcome == StoreOutcome.Stored && r.Serial == 2);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999999")]
    public async Task Run_SerialKeyHoldsGarbage_StoredAnewAboveTheRecordNamingTheKey(string garbage)
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("one");
        tree.Value("DOMAIN", "two.test");
        await leader.RunAsync("two");
        await redis.Db.StringSetAsync(leader.Keys.Serial("core"), garbage);

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Store!.Should().Match<StoreResult>(r =>
            r.Outcome == StoreOutcome.Stored && r.Serial == 3 && r.Repair!.Contains(leader.Keys.Serial("core").ToString()));
        (await leader.FileAsync("core", "a.conf")).Should().Be("domain two.test");
    }
}
