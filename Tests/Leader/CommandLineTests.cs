using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>The command line itself: options per verb, usage errors (exit 2), --json on every verb with numbers as numbers.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public class CommandLineTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\nkey: {{ secret \"SSO\" }}\n");

    [Theory]
    [InlineData("describe", "--bogus")]
    [InlineData("history", "core", "--reason", "x")]
    [InlineData("describe", "--timeout", "3")]
    public async Task Verb_OptionOfAnotherVerbOrUnknown_ExitsTwoNamingTheOptionAndVerb(string verb, params string[] rest)
    {
        using var tree = Tree();

        var (exit, _, error) = await RunAsync([verb, .. rest, "--config", tree.Save()]);

        exit.Should().Be(2);
        var first = error.Split('\n')[0];
        first.Should().Contain(rest.First(a => a.StartsWith("--", StringComparison.Ordinal))).And.Contain($"'{verb}'");
    }

    [Fact]
    public async Task HistoryJson_Numbers_AreJsonNumbers()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());

        var (exit, output, _) = await RunAsync("history", "core", "--json", "--config", tree.ConfigPath);

        exit.Should().Be(0);
        var version = JsonDocument.Parse(output).RootElement.GetProperty("versions")[0];
        version.GetProperty("files").ValueKind.Should().Be(JsonValueKind.Number);
        version.GetProperty("files").GetInt32().Should().Be(1);
        version.GetProperty("serial").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task RenderDryRunJson_ChangedRole_ListsTheRoleAndFiles()
    {
        using var tree = Tree();

        var (exit, output, _) = await RunAsync("render", "--dry-run", "--json", "--config", tree.Save());

        exit.Should().Be(0);
        var role = JsonDocument.Parse(output).RootElement[0];
        role.GetProperty("role").GetString().Should().Be("core");
        role.GetProperty("changed").GetInt32().Should().Be(1);
        output.Should().NotContain("domain:", "content never goes into the JSON form");
    }

    [Fact]
    public async Task RenderJson_StoresAndReportsTheSerialAsANumber()
    {
        using var tree = Tree();

        var (exit, output, _) = await RunAsync("render", "--json", "--config", tree.Save());

        exit.Should().Be(0);
        var role = JsonDocument.Parse(output).RootElement[0];
        role.GetProperty("serial").GetInt64().Should().Be(1);
        role.GetProperty("stored").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task HealthJson_NothingListening_ExitsOneWithJson()
    {
        using var tree = Tree();
        tree.Config["http"] = new System.Text.Json.Nodes.JsonObject { ["urls"] = new System.Text.Json.Nodes.JsonArray("http://127.0.0.1:1") };

        var (exit, output, _) = await RunAsync("health", "--json", "--config", tree.Save());

        exit.Should().Be(1);
        var health = JsonDocument.Parse(output).RootElement;
        health.GetProperty("healthy").GetBoolean().Should().BeFalse();
        health.GetProperty("url").GetString().Should().Be("http://127.0.0.1:1/health");
    }

    [Fact]
    public async Task Reload_UnknownRole_ExitsTwo()
    {
        using var tree = Tree();

        var (exit, _, error) = await RunAsync("reload", "nope", "--config", tree.Save());

        exit.Should().Be(2);
        error.Should().Contain("unknown role 'nope'");
    }

    [Fact]
    public async Task SecretsRotate_UnknownSecret_ExitsTwo()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());

        var (exit, _, error) = await RunAsync("secrets", "rotate", "NOPE", "--config", tree.ConfigPath);

        exit.Should().Be(2);
        error.Should().Contain("unknown secret 'NOPE'");
    }

    [Fact]
    public async Task Help_Verb_PrintsTheVerbsOptionsAndExitsZero()
    {
        var (exit, output, _) = await RunAsync("status", "--help");

        exit.Should().Be(0);
        output.Should().Contain("--watch").And.Contain("--timeout");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    public async Task StatusTimeout_NotAPositiveNumber_ExitsTwoWithOneLine(string timeout)
    {
        using var tree = Tree();

        var (exit, _, error) = await RunAsync("status", "--watch", "--timeout", timeout, "--config", tree.Save());

        exit.Should().Be(2);
        error.Split('\n')[0].Should().StartWith("error: ").And.Contain(timeout);
    }

    [Fact]
    public async Task RestoreJson_BackupIntoTheSameStore_CountsAsNumbers()
    {
        using var tree = Tree();
        using var backups = new TempDirectory();
        var file = backups.Combine("pryvbus.backup");
        await RunAsync("render", "--config", tree.Save());
        (await RunAsync("backup", file, "--config", tree.ConfigPath)).Exit.Should().Be(0);

        var (exit, output, error) = await RunAsync("restore", file, "--force", "--json", "--config", tree.ConfigPath);

        exit.Should().Be(0, error);
        var restored = JsonDocument.Parse(output).RootElement;
        restored.GetProperty("roles").GetInt32().Should().Be(1);
        restored.GetProperty("versions").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task SecretsRotateJson_KnownSecret_NamesTheRolesAndNewSerials()
    {
        using var tree = Tree();
        await RunAsync("render", "--config", tree.Save());

        var (exit, output, error) = await RunAsync("secrets", "rotate", "SSO", "--json", "--config", tree.ConfigPath);

        exit.Should().Be(0, error);
        var rotated = JsonDocument.Parse(output).RootElement;
        rotated.GetProperty("name").GetString().Should().Be("SSO");
        rotated.GetProperty("rotatedIn").EnumerateArray().Should().NotBeEmpty();
        rotated.GetProperty("stored")[0].GetProperty("serial").GetInt64().Should().Be(2);
    }

    [Fact]
    public void StatusLiveView_OutputCaptured_KeepsThePlainForm()
    {
        using var captured = new StringWriter();
        var watch = new CommandArgs(["status"]).Flag("--watch", true);

        StatusLiveView.Applies(watch, captured).Should().BeFalse("only a terminal gets the live table");
    }

    [Theory]
    [InlineData("help")]
    [InlineData("help", "render")]
    public async Task HelpVerb_AsBefore_PrintsHelpAndExitsZero(params string[] args)
    {
        var (exit, output, _) = await RunAsync(args);

        exit.Should().Be(0);
        output.Should().Contain("Usage:").And.Contain("--help");
    }
}
