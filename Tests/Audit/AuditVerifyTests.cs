using PryvBus.Leader.Commands;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Audit;

/// <summary>
/// <c>audit verify</c> against states of the stream, its head and its anchor that no writer leaves (only someone with
/// Redis write access does): each fails with one line saying what is wrong.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AuditVerifyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }

    /// <summary>Three entries (render, reload, reload) by the CLI; the settings file's path.</summary>
    private static async Task<string> ThreeEntriesAsync(LeaderTree tree)
    {
        var config = tree.Save();
        (await RunAsync("render", "--config", config)).Exit.Should().Be(0);
        (await RunAsync("reload", "core", "--config", config)).Exit.Should().Be(0);
        (await RunAsync("reload", "core", "--config", config)).Exit.Should().Be(0);
        return config;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_WholeStreamDeletedAnchorSetToHead_ExitOne(bool headKept)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "domain: {{ DOMAIN }}\n");
        var config = await ThreeEntriesAsync(tree);
        var keys = new RedisKeys(tree.Prefix);

        // Retention never trims the newest entry and a restore skips an empty stream: only a deletion leaves an anchor
        // with nothing after it. Set to the head, the anchor made the head and the witness agree with an empty stream.
        var head = await redis.Db.StringGetAsync(keys.AuditHead);
        await redis.Db.KeyDeleteAsync(keys.Audit);
        await redis.Db.StringSetAsync(keys.AuditAnchor, head);
        if (!headKept)
        {
            await redis.Db.KeyDeleteAsync(keys.AuditHead);
        }

        var (exit, output) = await RunAsync("audit", "verify", "--config", config);

        exit.Should().Be(1);
        output.Should().Be("chain BROKEN after 0 good entries: the stream holds no entry, but its anchor says entries up to seq 3 were trimmed (retention keeps the newest entry): the stream was deleted\n");
    }

    [Theory]
    [InlineData("anchor")]
    [InlineData("head")]
    public async Task Verify_PositionKeyMalformed_ExitOneNamingTheKey(string which)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "domain: {{ DOMAIN }}\n");
        var config = await ThreeEntriesAsync(tree);
        var keys = new RedisKeys(tree.Prefix);
        var key = which == "anchor" ? keys.AuditAnchor : keys.AuditHead;

        // Read as absent, a malformed anchor passed as "nothing trimmed" and a malformed head as "missing".
        await redis.Db.StringSetAsync(key, "not a position");
        var (exit, output) = await RunAsync("audit", "verify", "--config", config);

        exit.Should().Be(1);
        output.Should().Be($"chain BROKEN after 0 good entries: {key} holds no valid position ('{{seq}} {{hash}}')\n");
    }
}
