using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using static PryvBus.Tests.Values.PlatformApi;

namespace PryvBus.Tests.Values;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SetCommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Set_ValueAndReason_WritesTheFileKeepsCommentsAndRenders()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);

        var (exit, output, error) = await RunAsync("set", "DOMAIN", "cli.test", "--reason", "new domain", "--config", tree.ConfigPath);

        (exit, error).Should().Be((0, string.Empty));
        output.Should().Be($"DOMAIN: \"pryv.test\" → \"cli.test\": written to {tree.ConfigPath}\ncore: stored serial 1, published to 0 subscriber(s)\n");
        File.ReadAllText(tree.ConfigPath).Should().Be(before.Replace("\"value\": \"pryv.test\"", "\"value\": \"cli.test\"", StringComparison.Ordinal));
        (await new LeaderHarness(redis, tree).FileAsync("core", "nginx/conf/site.conf")).Should().Contain("server_name cli.test;");
    }

    [Fact]
    public async Task Set_DryRun_PrintsTheMaskedDiffWritesNothing()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await RunAsync("render", "--config", tree.ConfigPath);

        var (exit, output, _) = await RunAsync("set", "PORT", "8080", "--reason", "try", "--dry-run", "--config", tree.ConfigPath);

        exit.Should().Be(0);
        output.Should().StartWith("PORT: 3000 → 8080 (dry run: nothing written)\ncore: serial 1 → new version, 1 file(s) would change\n");
        output.Should().Contain("listen 8080;").And.NotContain(Password);
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
    }

    [Fact]
    public async Task Set_Refusals_ExitTwoAndWriteNothing()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);

        var noReason = await RunAsync("set", "PORT", "1", "--config", tree.ConfigPath);
        var unknown = await RunAsync("set", "NOPE", "1", "--reason", "r", "--config", tree.ConfigPath);
        var invalid = await RunAsync("set", "PORT", "99999", "--reason", "r", "--config", tree.ConfigPath);
        var notJson = await RunAsync("set", "PORT", "abc", "--json-value", "--reason", "r", "--config", tree.ConfigPath);

        noReason.Exit.Should().Be(2);
        noReason.Error.Should().Contain("--reason: a reason is required");
        unknown.Exit.Should().Be(2);
        unknown.Error.Should().Contain("no platform value 'NOPE'");
        invalid.Exit.Should().Be(2);
        invalid.Error.Should().Contain("platform.PORT.value").And.Contain("at most 65535");
        notJson.Exit.Should().Be(2);
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
    }
}
