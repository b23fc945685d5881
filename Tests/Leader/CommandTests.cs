using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public class CommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\nkey: {{ secret \"SSO\" }}\n")
        .Template("core", "nginx/conf/site.conf", "server {\n  server_name {{ DOMAIN }};\n  listen 443;\n}\n");

    [Fact]
    public async Task Render_StoresAndReportsEachRole()
    {
        using var tree = Tree();
        var config = tree.Save();

        var first = await RunAsync("render", "--config", config);
        var second = await RunAsync("render", "--config", config);

        first.Should().Be((0, "core: stored serial 1, published to 0 subscriber(s)\n", string.Empty));
        second.Output.Should().Be("core: unchanged at serial 1\n");
    }

    [Fact]
    public async Task Render_StateFolderIsAFile_ExitsFourWithOneLine()
    {
        // A local resource that cannot be used is exit code 4 (docs/http-and-logs.md), never "Redis" (3).
        using var tree = Tree();
        var config = tree.Save();
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(tree.DataPath)!, "state"), "not a folder");

        var (exit, _, error) = await RunAsync("render", "--config", config);

        exit.Should().Be(4);
        error.TrimEnd('\n').Should().NotContain("\n", "one line").And.Contain("state");
    }

    [Fact]
    public async Task RenderDryRun_ShowsTheDiffMasksSecretsAndStoresNothing()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());
        var leader = new LeaderHarness(redis, tree);
        var secret = (string?)await redis.Db.HashGetAsync(leader.Keys.RoleSecrets("core"), "SSO");
        tree.Value("DOMAIN", "new.test").Save();

        var (exit, output, _) = await RunAsync("render", "--dry-run", "--config", tree.ConfigPath);

        exit.Should().Be(0);
        output.Should().Contain("core: serial 1 → new version, 2 file(s) would change");
        output.Should().Contain("~ core/conf/core.yml (changed; holds secrets: content not shown)");
        output.Should().Contain("~ nginx/conf/site.conf (changed)");
        output.Should().Contain("-    2:   server_name pryv.test;").And.Contain("+    2:   server_name new.test;");
        output.Should().NotContain("listen 443", "unchanged lines are not shown");
        output.Should().NotContain(secret!);
        (await redis.Db.StringGetAsync(leader.Keys.Serial("core"))).Should().Be(1);
    }

    [Fact]
    public async Task RenderDryRun_BrokenTemplate_ListsErrorsAndExitsOne()
    {
        using var tree = Tree().Template("core", "bad.conf", "{{ NOPE }}");

        var (exit, output, _) = await RunAsync("render", "--dry-run", "--config", tree.Save());

        exit.Should().Be(1);
        output.Should().Contain("core: render FAILED").And.Contain("data/core/bad.conf:1:");
    }

    [Fact]
    public async Task Describe_ListsValuesWithDescriptionsAndTemplates()
    {
        using var tree = Tree().Value("UNUSED", 1);

        var (exit, output, _) = await RunAsync("describe", "--config", tree.Save());

        exit.Should().Be(0);
        output.Should().Contain("  DOMAIN = pryv.test\n    The platform domain.\n    used in: data/core/core/conf/core.yml, data/core/nginx/conf/site.conf");
        output.Should().Contain("  UNUSED = 1\n    (no description)\n    used in: (no template)");
        output.Should().Contain("  SSO  scope=role length=32 (not declared: defaults)");
    }

    [Fact]
    public async Task Describe_Json_IsMachineReadable()
    {
        using var tree = Tree();

        var (exit, output, _) = await RunAsync("describe", "--json", "--config", tree.Save());

        exit.Should().Be(0);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("name").GetString()).Should().Contain("DOMAIN");
    }

    [Fact]
    public async Task SecretsList_ShowsNamesNeverValues()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());
        var secret = (string?)await redis.Db.HashGetAsync(new LeaderHarness(redis, tree).Keys.RoleSecrets("core"), "SSO");

        var (exit, output, _) = await RunAsync("secrets", "list", "--config", tree.ConfigPath);

        exit.Should().Be(0);
        output.Should().Contain("SSO").And.Contain("role").And.NotContain(secret!);
    }

    [Fact]
    public async Task SecretsRotate_StoresANewVersion()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());

        var (exit, output, _) = await RunAsync("secrets", "rotate", "SSO", "--config", tree.ConfigPath);

        exit.Should().Be(0);
        output.Should().Contain("Rotated SSO").And.Contain("core: stored serial 2");
    }

    [Fact]
    public async Task InvalidSettings_ExitTwoWithEveryProblem()
    {
        using var tree = Tree();
        tree.Config["historyLength"] = 0;
        tree.Config["keyPrefix"] = "no spaces please";

        var (exit, _, error) = await RunAsync("render", "--config", tree.Save());

        exit.Should().Be(2);
        error.Should().Contain("config-leader.json: historyLength").And.Contain("config-leader.json: keyPrefix");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("render", "--colour", "red")]
    [InlineData("secrets")]
    public async Task BadCommandLine_ExitsTwoWithUsage(params string[] args)
    {
        using var tree = Tree();

        var (exit, _, error) = await RunAsync([.. args, "--config", tree.Save()]);

        exit.Should().Be(2);
        error.Should().Contain("usage: pryvbus-leader");
    }

    [Fact]
    public async Task Render_RedisUnreachable_ExitsThreeWithTheEndpoint()
    {
        using var tree = new LeaderTree("127.0.0.1:1").Template("core", "a.conf", "x");

        var (exit, _, error) = await RunAsync("render", "--config", tree.Save());

        exit.Should().Be(3);
        error.Should().Contain("127.0.0.1:1");
    }
}
