using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Shared.Events;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class OpsCommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    /// <summary>A leader tree whose role and follower match the follower harness (core / core-1 and its key).</summary>
    private LeaderTree Tree(string? prefix = null) => new LeaderTree(redis.Endpoint, prefix)
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\nkey: {{ secret \"SSO\" }}\n")
        .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};\n")
        .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

    [Fact]
    public async Task Status_GarbageInSerialKeyAndFollowerStatus_ReportsWithoutCrashing()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var keys = new LeaderHarness(redis, tree).Keys;
        await redis.Db.StringSetAsync(keys.Serial("core"), "garbage");
        await redis.Db.HashSetAsync(keys.Follower(LeaderDouble.FollowerId), [new(StatusFields.Serial, "9223372036854775807"), new(StatusFields.State, FollowerState.Ok)]);

        var (exit, output) = await RunAsync("status", "--config", config);

        exit.Should().Be(1, "a follower whose serial is unknown is not converged");
        output.Should().Contain(LeaderDouble.FollowerId).And.NotContain("   at ");
    }

    [Fact]
    public async Task History_GarbageEntryInRedis_ExitsWithTheKeyNamedAndNoStackTrace()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var history = new LeaderHarness(redis, tree).Keys.History("core");
        await redis.Db.ListRightPushAsync(history, "99999999999999999999");

        var (exit, output) = await RunAsync("history", "core", "--config", config);

        exit.Should().Be(3);
        output.Should().Contain(history.ToString()).And.NotContain("   at ");
    }

    [Fact]
    public async Task Status_FollowerBehindThenCaughtUp_ExitCodeFollows()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var status = new LeaderHarness(redis, tree).Keys.Follower(LeaderDouble.FollowerId);

        var never = await RunAsync("status", "--config", config);
        await redis.Db.HashSetAsync(status, [new(StatusFields.Serial, 0), new(StatusFields.State, FollowerState.Ok)]);
        var behind = await RunAsync("status", "--json", "--config", config);
        var generation = (long)await redis.Db.StringGetAsync(new LeaderHarness(redis, tree).Keys.Generation);
        await redis.Db.HashSetAsync(status, [new(StatusFields.Serial, 1), new(StatusFields.Generation, generation)]);
        var converged = await RunAsync("status", "--config", config);

        never.Exit.Should().Be(1);
        never.Output.Should().MatchRegex(@"core-1\s+core\s+-\s+1\s+-\s+never seen");
        behind.Exit.Should().Be(1);
        JsonDocument.Parse(behind.Output).RootElement[0].GetProperty("lag").GetInt64().Should().Be(1);
        converged.Should().Be((0, converged.Output));
        converged.Output.Should().Contain("all 1 follower(s) converged");
    }

    [Fact]
    public async Task Status_FollowerOnAnOlderGenerationWithTheSameSerial_NotConverged()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        var keys = new LeaderHarness(redis, tree).Keys;
        var old = (long)await redis.Db.StringGetAsync(keys.Generation);
        await redis.Db.HashSetAsync(keys.Follower(LeaderDouble.FollowerId), [new(StatusFields.Serial, 1), new(StatusFields.Generation, old), new(StatusFields.State, FollowerState.Ok)]);
        await redis.Db.StringSetAsync(keys.Generation, old + 1); // Redis was flushed: serial 1 again, in a new generation

        var (exit, output) = await RunAsync("status", "--json", "--config", config);

        exit.Should().Be(1, "serial 1 of generation {0} is not serial 1 of generation {1}", old, old + 1);
        var row = JsonDocument.Parse(output).RootElement[0];
        row.GetProperty("converged").GetBoolean().Should().BeFalse();
        row.GetProperty("generation").GetInt64().Should().Be(old);
        row.GetProperty("currentGeneration").GetInt64().Should().Be(old + 1);
    }

    [Fact]
    public async Task StatusWatch_WaitsUntilTheFollowerConverges()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());
        await using var follower = new FollowerHarness(redis, prefix: tree.Prefix);

        var watching = RunAsync("status", "--watch", "--timeout", "30", "--config", tree.ConfigPath);
        await follower.StartAsync();

        (await watching).Exit.Should().Be(0);
    }

    [Fact]
    public async Task Reload_PublishesTheEvent()
    {
        using var tree = Tree();
        var queue = await redis.Admin.GetSubscriber().SubscribeAsync(new LeaderHarness(redis, tree).Keys.Events);

        var (exit, output) = await RunAsync("reload", "core", "nginx", "--config", tree.Save());

        exit.Should().Be(0);
        output.Should().Contain("reload of nginx of role core published to 1 subscriber(s)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        EventParser.Parse((await queue.ReadAsync(timeout.Token)).Message!).Event.Should().Be(new ReloadEvent("core", ["nginx"]));
        await queue.UnsubscribeAsync();
    }

    [Fact]
    public async Task HistoryShowAndDiff_ReadTheStoredVersionsWithSecretsMasked()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        tree.Value("DOMAIN", "second.test").Save();
        await RunAsync("render", "--reason", "new domain", "--config", config);
        var secret = (string?)await redis.Db.HashGetAsync(new LeaderHarness(redis, tree).Keys.RoleSecrets("core"), "SSO");

        var history = await RunAsync("history", "core", "--config", config);
        var show = await RunAsync("show", "core", "--config", config);
        var masked = await RunAsync("show", "core", "1", "core/conf/core.yml", "--config", config);
        var revealed = await RunAsync("show", "core", "core/conf/core.yml", "--reveal", "--config", config);
        var diff = await RunAsync("diff", "core", "1", "2", "--config", config);

        history.Output.Should().MatchRegex(@"2 \*\s+\S+Z\s+2\s+[0-9a-f]{12}\s+new domain").And.MatchRegex(@"\n1\s+\S+Z\s+2\s+[0-9a-f]{12}\s+render command");
        show.Output.Should().Contain("role core, serial 2").And.MatchRegex(@"core/conf/core.yml\s+\d+\s+yes");
        masked.Output.Should().StartWith("(holds secrets: ").And.NotContain(secret!).And.NotContain("pryv.test");
        revealed.Output.Should().Be($"domain: second.test\nkey: {secret}\n");
        diff.Output.Should().Contain("core: serial 1 → 2, 2 file(s) changed")
            .And.Contain("~ core/conf/core.yml (changed; holds secrets: content not shown)")
            .And.Contain("-    1: server_name pryv.test;").And.Contain("+    1: server_name second.test;")
            .And.NotContain(secret!);
    }

    [Fact]
    public async Task Rollback_NewSerialWithOldContent_FollowerAppliesIt()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);
        await using var follower = new FollowerHarness(redis, prefix: tree.Prefix);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(1);
        tree.Value("DOMAIN", "broken.test").Save();
        await RunAsync("render", "--config", config);
        await follower.WaitForAppliedAsync(2);

        var (exit, output) = await RunAsync("rollback", "core", "1", "--config", config);

        exit.Should().Be(0);
        output.Should().Contain("serial 1's content stored as serial 3 and published; pinned");
        await follower.WaitForAppliedAsync(3);
        follower.Read("nginx/conf/site.conf").Should().Be("server_name pryv.test;\n");
        (await RunAsync("render", "--config", config)).Output.Should().Contain("core: pinned at serial 3");
        await RunAsync("unpin", "core", "--config", config);
        (await RunAsync("render", "--config", config)).Output.Should().Contain("core: stored serial 4");
    }

    [Fact]
    public async Task Rollback_SerialNotRetained_ExitsOneAndSaysWhichAre()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());

        var (exit, output) = await RunAsync("rollback", "core", "7", "--config", tree.ConfigPath);

        exit.Should().Be(1);
        output.Should().Contain("serial 7 of role 'core' is not retained (retained: 1)");
    }

    [Fact]
    public async Task SecretsList_SaysWhereEachSecretIsUsed()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());

        var (_, output) = await RunAsync("secrets", "list", "--json", "--config", tree.ConfigPath);

        var row = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        row.GetProperty("name").GetString().Should().Be("SSO");
        row.GetProperty("usedBy").EnumerateArray().Select(r => r.GetString()).Should().Equal("core");
    }
}
