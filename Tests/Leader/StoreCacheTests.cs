using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The pipeline remembers what it stored per role (<see cref="StoreCache"/>): a trusting pass (an operator's change)
/// keeps an unchanged role without reading Redis and stores a changed one with one conditioned transaction; a second
/// writer or a lost write fails the condition and the full checks run; a checking pass still reads every role.
/// Commands are counted with <c>INFO commandstats</c> of this class's own redis-server.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StoreCacheTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string[] VersionReads = ["get", "hgetall", "lrange", "exec"];

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "a.conf", "domain {{ DOMAIN }}")
        .Template("static", "b.conf", "static {{ STATIC_NAME }}")
        .Value("STATIC_NAME", "one")
        .Follower("core-1", "core", "core-1-key-0123456789abcdef")
        .Follower("static-1", "static", "static-1-key-0123456789abcdef");

    private PlatformPipeline Pipeline() => new(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);

    [Fact]
    public async Task Run_TrustingPassOneRoleChanged_UnchangedRoleCostsNoRedisRead()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await pipeline.RunAsync(tree.Load(), "leader start");
        tree.Value("DOMAIN", "checked.test");
        var checking = await CountAsync(() => pipeline.RunAsync(tree.Load(), "periodic check"));
        tree.Value("DOMAIN", "trusted.test");

        IReadOnlyList<RoleReport> reports = [];
        var trusting = await CountAsync(async () => reports = await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true));

        reports.Single(r => r.Role == "core").Store!.Should().Match<StoreResult>(r => r.Outcome == StoreOutcome.Stored && r.Serial == 3);
        reports.Single(r => r.Role == "static").Store!.Should().Match<StoreResult>(r => r.Outcome == StoreOutcome.Unchanged && r.Serial == 1);
        (await new LeaderHarness(redis, tree).FileAsync("core", "a.conf")).Should().Be("domain trusted.test");
        trusting["lrange"].Should().Be(0, "the history list is known from the last commit");
        trusting["exec"].Should().Be(1, "one transaction: the changed role's store");
        checking["hgetall"].Should().BeGreaterThan(3, "a checking pass reads every role's meta and content, and the secrets");
        trusting["hgetall"].Should().Be(0, "no role's meta or content is read, nor the secrets: the previous pass's reconciliation is reused (PassMemo)");
        trusting["get"].Should().BeLessThan(checking["get"], "no role's serial is read before the store (only the transaction's own condition)");
    }

    [Fact]
    public async Task Run_AnotherWriterStoredMeanwhile_ConditionFailsAndTheSerialGoesAbove()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await pipeline.RunAsync(tree.Load(), "first");
        tree.Value("DOMAIN", "other.test");
        (await Pipeline().RunAsync(tree.Load(), "another leader process")).Single(r => r.Role == "core").Store!.Serial.Should().Be(2);
        tree.Value("DOMAIN", "mine.test");

        var reports = await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);

        reports.Single(r => r.Role == "core").Store!.Serial.Should().Be(3, "the cached serial 1 is stale: its condition failed");
        (await new LeaderHarness(redis, tree).FileAsync("core", "a.conf")).Should().Be("domain mine.test");
    }

    [Fact]
    public async Task Run_CheckingPassAfterTamper_RepairsDespiteTheCache()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await pipeline.RunAsync(tree.Load(), "first");
        var keys = new LeaderHarness(redis, tree).Keys;
        await redis.Db.HashSetAsync(keys.Config("static", 1), "b.conf", "static evil");

        var trusting = await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);
        var checking = await pipeline.RunAsync(tree.Load(), "periodic check");

        trusting.Single(r => r.Role == "static").Stored.Should().BeFalse("a trusting pass does not read an unchanged role");
        checking.Single(r => r.Role == "static").Store!.Should().Match<StoreResult>(r => r.Serial == 2 && r.Repair != null);
        (await new LeaderHarness(redis, tree).FileAsync("static", "b.conf")).Should().Be("static one");
    }

    [Fact]
    public async Task Run_FollowerAddedToAnUnchangedRole_ItsSignatureIsWrittenEvenWhenTrusting()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await pipeline.RunAsync(tree.Load(), "first");
        tree.Follower("static-2", "static", "static-2-key-0123456789abcdef");

        await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);

        var meta = await redis.Db.HashGetAllAsync(new LeaderHarness(redis, tree).Keys.Meta("static", 1));
        meta.Select(e => (string)e.Name!).Should().Contain("sig:static-2");
    }

    private async Task<Dictionary<string, long>> CountAsync(Func<Task> pass)
    {
        var counts = await CommandStats.DuringAsync(redis, pass);
        return VersionReads.ToDictionary(c => c, c => counts.GetValueOrDefault(c));
    }
}
