using PryvBus.Leader.State;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using PryvBus.Tests.Leader;
using StackExchange.Redis;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// The store generation: chosen by the leader, recorded in its state folder, carried and signed in every version.
/// Whatever Redis or the state folder lost, followers converge and never apply an older version.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class GenerationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static LeaderTree Tree(RedisServer redis) => new LeaderTree(redis.Endpoint)
        .Template("core", "a.conf", "domain {{ DOMAIN }}")
        .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

    private async Task<long> GenerationAsync(LeaderHarness leader) => (long)await redis.Db.StringGetAsync(leader.Keys.Generation);

    /// <summary>Deletes every key of the prefix, as a Redis restarted without persistence would have lost them.</summary>
    private async Task FlushAsync(string prefix)
    {
        await foreach (var key in redis.Admin.GetServer(redis.Endpoint).KeysAsync(pattern: prefix + ":*"))
        {
            await redis.Db.KeyDeleteAsync(key);
        }
    }

    private static FollowerHarness Follower(RedisServer redis, LeaderTree tree) =>
        new(redis, pollInterval: TimeSpan.FromMilliseconds(200), prefix: tree.Prefix);

    [Fact]
    public async Task Run_FirstPass_StartsAGenerationRecordedInTheStateFolder()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);

        await leader.RunAsync();

        var generation = await GenerationAsync(leader);
        generation.Should().BeGreaterThan(1_600_000_000_000, "a new generation starts at the leader's clock in unix milliseconds");
        (await leader.CurrentAsync("core"))!.Generation.Should().Be(generation);
        var state = tree.Load().StateDirectory;
        File.GetUnixFileMode(state).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var record = Path.Combine(state, StoreRecordFile.FileName);
        File.GetUnixFileMode(record).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var document = new StoreRecordFile(state).Read(out var problem);
        problem.Should().BeNull();
        document.Stores[tree.Prefix].Generation.Should().Be(generation);
        document.Stores[tree.Prefix].Serials.Should().Equal(new Dictionary<string, long> { ["core"] = 1 });
    }

    [Fact]
    public async Task Run_SecondPass_ContinuesTheRecordedGeneration()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var generation = await GenerationAsync(leader);
        tree.Value("DOMAIN", "two.test");

        var reports = await new LeaderHarness(redis, tree).RunAsync("edit");

        reports.Single().Store!.Should().Match<PryvBus.Leader.Versions.StoreResult>(r => r.Serial == 2 && r.Generation == generation && r.Repair == null);
        (await GenerationAsync(leader)).Should().Be(generation);
    }

    [Fact]
    public async Task Run_RedisFlushed_NewGenerationAndFollowerConvergesToALowerSerial()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await using var follower = Follower(redis, tree);
        await follower.StartAsync();
        await leader.RunAsync("one");
        tree.Value("DOMAIN", "two.test");
        await leader.RunAsync("two");
        await follower.WaitForAppliedAsync(2);
        var before = await GenerationAsync(leader);
        await FlushAsync(tree.Prefix);

        var reports = await leader.RunAsync("periodic check");

        reports.Single().Store!.Serial.Should().Be(1);
        (await GenerationAsync(leader)).Should().BeGreaterThan(before);
        await follower.WaitForAppliedAsync(1);
        follower.Manifest()!.Generation.Should().Be(await GenerationAsync(leader));
        follower.Read("a.conf").Should().Be("domain two.test");
    }

    [Fact]
    public async Task Run_StateFolderLostAndRedisRolledBack_NewGenerationAndFollowerNeverAppliesTheOlderVersion()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await using var follower = Follower(redis, tree);
        await follower.StartAsync();
        await leader.RunAsync("one");
        tree.Value("DOMAIN", "two.test");
        await leader.RunAsync("two");
        await follower.WaitForAppliedAsync(2);
        var before = await GenerationAsync(leader);

        // A restored backup of Redis taken at serial 1, and a leader machine without its state folder.
        await redis.Db.StringSetAsync(leader.Keys.Serial("core"), 1);
        await redis.Db.KeyDeleteAsync([leader.Keys.Config("core", 2), leader.Keys.Meta("core", 2)]);
        Directory.Delete(tree.Load().StateDirectory, recursive: true);
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains("older than the applied 2", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10),
            "the follower to refuse serial 1");
        follower.Read("a.conf").Should().Be("domain two.test");
        follower.Manifest()!.Serial.Should().Be(2);

        var reports = await leader.RunAsync("new leader machine");

        var stored = reports.Single().Store!;
        stored.Generation.Should().BeGreaterThan(before);
        stored.Serial.Should().Be(2, "the version of the older generation is stored anew above it");
        await follower.WaitForAppliedAsync(2);
        follower.Manifest()!.Generation.Should().Be(stored.Generation);
        follower.Read("a.conf").Should().Be("domain two.test");
    }

    [Fact]
    public async Task Run_GenerationInRedisUnknownToTheRecord_StartsANewerOne()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var theirs = VersionNumber.Max - 10;
        await redis.Db.StringSetAsync(leader.Keys.Generation, theirs);

        var reports = await leader.RunAsync("another leader wrote here");

        reports.Single().Store!.Generation.Should().Be(theirs + 1);
        (await GenerationAsync(leader)).Should().Be(theirs + 1);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("99999999999999999999999")]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Run_GenerationKeyHoldsGarbage_ReplacedByANewGeneration(string garbage)
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        await redis.Db.StringSetAsync(leader.Keys.Generation, garbage);

        var reports = await leader.RunAsync("check");

        reports.Should().OnlyContain(r => !r.Failed && r.Stored);
        VersionNumber.TryParse(await redis.Db.StringGetAsync(leader.Keys.Generation), out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"format\":1,\"stores\":{\"PREFIX\":{\"generation\":-1,\"serials\":{}}}}")]
    [InlineData("{\"format\":1,\"stores\":{\"PREFIX\":{\"generation\":5,\"serials\":{\"core\":99999999999999999999}}}}")]
    [InlineData("{\"format\":7,\"stores\":{}}")]
    public async Task Run_StateRecordCorrupt_StartsANewGenerationAndRewritesIt(string content)
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var before = await GenerationAsync(leader);
        var record = Path.Combine(tree.Load().StateDirectory, StoreRecordFile.FileName);
        await File.WriteAllTextAsync(record, content.Replace("PREFIX", tree.Prefix, StringComparison.Ordinal));

        var reports = await leader.RunAsync("check");

        reports.Single().Store!.Generation.Should().BeGreaterThan(before);
        new StoreRecordFile(tree.Load().StateDirectory).Read(out var problem).Stores[tree.Prefix].Generation.Should().Be(await GenerationAsync(leader));
        problem.Should().BeNull();
    }

    [Fact]
    public async Task Run_MetaGenerationHoldsGarbage_RoleStoredAnew()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        await redis.Db.HashSetAsync(leader.Keys.Meta("core", 1), MetaFields.Generation, "1e400");

        var reports = await leader.RunAsync("check");

        reports.Single().Store!.Should().Match<PryvBus.Leader.Versions.StoreResult>(r => r.Serial == 2 && r.Repair!.Contains("generation"));
    }

    [Fact]
    public async Task Run_HistoryHoldsGarbage_StillStores()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        await redis.Db.ListLeftPushAsync(leader.Keys.History("core"), ["junk", "-1", "99999999999999999999"]);

        for (var i = 0; i < 6; i++)
        {
            tree.Value("DOMAIN", $"d{i}.test");
            (await leader.RunAsync("edit")).Should().OnlyContain(r => r.Stored);
        }

        (await redis.Db.ListRangeAsync(leader.Keys.History("core"))).Select(v => (long)v).Should().Equal(3, 4, 5, 6, 7);
    }
}
