using PryvBus.Leader.Commands;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Rollout;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Text the commands read from Redis (a version's reason, a follower's status) is escaped as the log escapes it
/// (<c>LogText.Escape</c>): whoever wrote it, it cannot clear the terminal, set its title or add a line of its own.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class CommandOutputEscapeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Hostile = "\u001b[2J\u001b]0;pwned\u0007line1\nSERIAL 999 fake row\u202e";
    private const string Escaped = "\\x1B[2J\\x1B]0;pwned\\x07line1\\nSERIAL 999 fake row\\u202E";

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint).Template("core", "core.yml", "domain: {{ DOMAIN }}\n").Follower("core-1", "core", "core-1-key-0123456789abcdef");

    [Fact]
    public async Task HistoryAndShow_ReasonWithTerminalEscapes_PrintedEscaped()
    {
        using var tree = Tree();
        var config = tree.Save();
        (await RunAsync("render", "--config", config)).Exit.Should().Be(0);

        // render --reason refuses such a reason now; a version stored before that check, or by whoever can write Redis, holds one.
        await redis.Db.HashSetAsync(new RedisKeys(tree.Prefix).Meta("core", 1), MetaFields.Reason, Hostile);

        var history = await RunAsync("history", "core", "--config", config);
        var show = await RunAsync("show", "core", "--config", config);

        history.Output.Should().Contain(Escaped).And.NotContain("\u001b").And.NotContain("\u202e");
        history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3, "the header, serial 1 and the footer");
        show.Output.Should().Contain("reason: " + Escaped + "\n").And.NotContain("\u001b").And.NotContain("\u202e");
    }

    [Fact]
    public async Task Status_FollowerErrorWithTerminalEscapes_PrintedEscaped()
    {
        using var tree = Tree();
        var config = tree.Save();
        await RunAsync("render", "--config", config);

        // A follower writes its own status hash: its key, leaked, writes anything there.
        await redis.Db.HashSetAsync(new RedisKeys(tree.Prefix).Follower("core-1"), [new(StatusFields.State, "error\u001b[2J"), new(StatusFields.Error, Hostile)]);
        var (_, output) = await RunAsync("status", "--config", config);

        output.Should().Contain("error\\x1B[2J").And.Contain(Escaped).And.NotContain("\u001b").And.NotContain("\u202e");
    }

    [Fact]
    public async Task RolloutStatus_FollowerStateWithTerminalEscapes_PrintedEscaped()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        var serial = await s.RenderAsync("v1");
        await s.StepAsync();

        await s.ReportAsync("core-1", serial, state: Hostile);
        var (exit, output) = await RunAsync("rollout", "status", "core", "--config", s.ConfigPath);

        exit.Should().Be(0);
        output.Should().Contain(Escaped).And.NotContain("\u001b").And.NotContain("\u202e");
    }
}
