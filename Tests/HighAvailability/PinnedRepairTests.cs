using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using PryvBus.Tests.Leader;
using PryvBus.Tests.LeaderState;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// A role pinned by a rollback gets the same repairs as any other (issue 11 items 13-15): its pinned content is stored
/// again when the current version cannot stay (older than what the leader stored, tampered, another generation), and
/// the pin moves to the new serial.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PinnedRepairTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n")
        .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

    [Fact]
    public async Task Render_BackupWhilePinnedThenNewerSerialsThenRestore_PinnedContentStoredAboveAndFollowerConverges()
    {
        using var tree = Tree();
        using var backups = new TempDirectory();
        var config = tree.Save();
        var keys = new LeaderHarness(redis, tree).Keys;
        var file = backups.Combine("pryvbus.backup");
        await RunAsync("render", "--config", config);
        tree.Value("DOMAIN", "second.test").Save();
        await RunAsync("render", "--config", config);
        await RunAsync("rollback", "core", "1", "--config", config); // serial 3, pinned
        (await RunAsync("backup", file, "--config", config)).Exit.Should().Be(0);
        await RunAsync("unpin", "core", "--config", config);
        tree.Value("DOMAIN", "third.test").Save();
        await RunAsync("render", "--config", config);
        tree.Value("DOMAIN", "fourth.test").Save();
        await RunAsync("render", "--config", config);
        ((long)await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(5);
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(100), prefix: tree.Prefix);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(5);
        await StoreLoss.FlushAllAsync(redis);
        var restore = await RunAsync("restore", file, "--config", config);
        ((long)await redis.Db.StringGetAsync(keys.Pin("core"))).Should().Be(3, "the restore brings the pin back");

        var render = await RunAsync("render", "--config", config);

        restore.Exit.Should().Be(0, restore.Output);
        render.Exit.Should().Be(0, render.Output);
        var pin = (long)await redis.Db.StringGetAsync(keys.Pin("core"));
        pin.Should().BeGreaterThan(5, "the pinned content is stored above the serials the leader stored ({0})", render.Output);
        ((long)await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(pin);
        await follower.WaitForAppliedAsync(pin);
        follower.Read("core/conf/core.yml").Should().Be("domain: pryv.test\n", "the pinned content, not the templates'");
    }

    [Fact]
    public async Task Run_PinnedVersionTampered_IntactCopyStoredAgainAndPinMoved()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        tree.Value("DOMAIN", "second.test").Save();
        await leader.RunAsync("second");
        (await RunAsync("rollback", "core", "1", "--config", tree.Save())).Exit.Should().Be(0); // serial 3 = content of 1, pinned
        await redis.Db.HashSetAsync(leader.Keys.Config("core", 3), "core/conf/core.yml", "domain: evil.test\n");

        var report = (await leader.RunAsync("periodic check")).Single();

        report.Stored.Should().BeTrue("a tampered pinned version is repaired, not kept");
        report.Store!.Serial.Should().Be(4);
        ((long)await redis.Db.StringGetAsync(leader.Keys.Pin("core"))).Should().Be(4);
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().Be("domain: pryv.test\n", "the intact copy of the pinned content");
        (await leader.RunAsync("periodic check")).Single().Stored.Should().BeFalse("once repaired, the pinned version stays");
    }

    [Fact]
    public async Task Run_PinnedVersionMetaLostItsSecretFields_StoredAgainAndPinMoved()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        tree.Value("DOMAIN", "second.test").Save();
        await leader.RunAsync("second");
        (await RunAsync("rollback", "core", "1", "--config", tree.Save())).Exit.Should().Be(0); // serial 3, pinned
        await redis.Db.HashDeleteAsync(leader.Keys.Meta("core", 3), "secretFiles");

        var report = (await leader.RunAsync("periodic check")).Single();

        report.Store!.Serial.Should().Be(4);
        ((long)await redis.Db.StringGetAsync(leader.Keys.Pin("core"))).Should().Be(4);
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(100), prefix: tree.Prefix);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(4);
    }

    [Fact]
    public async Task Run_PinnedVersionTamperedAndTemplatesBroken_StillRepaired()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        tree.Value("DOMAIN", "second.test").Save();
        await leader.RunAsync("second");
        (await RunAsync("rollback", "core", "1", "--config", tree.Save())).Exit.Should().Be(0); // serial 3, pinned
        tree.Template("core", "core/conf/core.yml", "domain: {{ NOT_A_VALUE }}\n");
        await redis.Db.HashSetAsync(leader.Keys.Config("core", 3), "core/conf/core.yml", "domain: evil.test\n");

        var report = (await leader.RunAsync("periodic check")).Single();

        report.Failed.Should().BeTrue("the broken template is still reported");
        report.Store!.Serial.Should().Be(4, "the pinned content does not depend on the templates");
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().Be("domain: pryv.test\n");
    }
}
