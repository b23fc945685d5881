using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Validation;

/// <summary>A role whose rendered JSON or YAML does not parse is refused like a render error; the other roles go on.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RenderedOutputPipelineTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "conf/core.json", "{ \"domain\": \"{{ DOMAIN }}\" }\n")
        .Template("static", "conf/static.yml", "domain: {{ DOMAIN }}\n");

    private static async Task<(int Exit, string Output)> CommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }

    [Fact]
    public async Task Run_RoleRendersBrokenJson_KeepsItsVersionAndStoresTheOthers()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        tree.Value("DOMAIN", "new.test").Template("core", "conf/core.json", "{ \"domain\": \"{{ DOMAIN }}\", }\n");

        var reports = await leader.RunAsync("edit");

        var core = reports.Single(r => r.Role == "core");
        core.Failed.Should().BeTrue();
        core.Stored.Should().BeFalse();
        core.Render.Errors.Should().ContainSingle().Which.ToString().Should()
            .Be("core/conf/core.json:1:25: rendered file: invalid JSON: The JSON object contains a trailing comma at the end (rendered from data/core/conf/core.json)");
        (await leader.CurrentAsync("core"))!.Serial.Should().Be(1);
        (await leader.FileAsync("core", "conf/core.json")).Should().Contain("pryv.test");
        reports.Single(r => r.Role == "static").Stored.Should().BeTrue();
        (await leader.FileAsync("static", "conf/static.yml")).Should().Be("domain: new.test\n");
    }

    [Fact]
    public async Task Render_BrokenYaml_ExitsOneNamingFileLineAndTemplate()
    {
        using var tree = Tree().Template("static", "conf/static.yml", "domain: {{ DOMAIN }}\ndomain: again\n");

        var (exit, output) = await CommandAsync("render", "--config", tree.Save());

        exit.Should().Be(1);
        output.Should().Contain("static: FAILED, current version kept (1 error(s))")
            .And.Contain("static/conf/static.yml:2:1: rendered file: invalid YAML: duplicate key 'domain' in a mapping (rendered from data/static/conf/static.yml)")
            .And.Contain("core: stored serial 1");
    }

    [Fact]
    public async Task RenderDryRun_BrokenJson_ShowsTheErrorStoresNothingAndExitsOne()
    {
        using var tree = Tree().Template("core", "conf/core.json", "{ \"domain\": {{ DOMAIN }} }\n");
        var leader = new LeaderHarness(redis, tree);

        var (exit, output) = await CommandAsync("render", "--dry-run", "--config", tree.Save());

        exit.Should().Be(1);
        output.Should().Contain("core: render FAILED (1 error(s)); nothing would change")
            .And.Contain("  core/conf/core.json:1:13: rendered file: invalid JSON: ")
            .And.Contain("(rendered from data/core/conf/core.json)");
        (await leader.CurrentAsync("core")).Should().BeNull();
    }

    [Fact]
    public async Task RenderDryRunJson_BrokenJson_ListsFileLineColumnAndTemplate()
    {
        using var tree = Tree().Template("core", "conf/core.json", "{ \"domain\": {{ DOMAIN }} }\n");

        var (exit, output) = await CommandAsync("render", "--dry-run", "--json", "--config", tree.Save());

        exit.Should().Be(1);
        var core = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(r => r.GetProperty("role").GetString() == "core");
        core.GetProperty("failed").GetBoolean().Should().BeTrue();
        var error = core.GetProperty("errors")[0];
        error.GetProperty("file").GetString().Should().Be("core/conf/core.json");
        error.GetProperty("line").GetInt32().Should().Be(1);
        error.GetProperty("column").GetInt32().Should().Be(13);
        error.GetProperty("template").GetString().Should().Be("data/core/conf/core.json");
        error.GetProperty("message").GetString().Should().StartWith("rendered file: invalid JSON: ");
    }
}
