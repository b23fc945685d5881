using System.Net;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using static PryvBus.Tests.Values.PlatformApi;

namespace PryvBus.Tests.Values;

/// <summary><c>POST /admin/render</c> renders what the settings file says now, not what the leader read last.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RenderReloadTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Render_FileEditedWithWatchOff_RendersTheNewValue()
    {
        using var tree = Tree(redis.Endpoint, watch: false);
        tree.Save();
        await using var host = await StartAsync(redis, tree);
        tree.Value("DOMAIN", "edited.test").Save();

        var (response, json, _) = await SendAsync(host.Client, HttpMethod.Post, "/admin/render", new { reason = "edited by hand" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json[0].GetProperty("result").GetString().Should().Be("stored");
        (await new LeaderHarness(redis, tree).FileAsync("core", "nginx/conf/site.conf")).Should().Contain("server_name edited.test;");
    }

    [Fact]
    public async Task Render_BrokenSettingsFile_422NamingTheLineNothingRendered()
    {
        using var tree = Tree(redis.Endpoint, watch: false);
        tree.Save();
        await using var host = await StartAsync(redis, tree);
        File.WriteAllText(tree.ConfigPath, "{\n  \"platform\": {\n    \"DOMAIN\": \"x\",,\n  }\n}");

        var (response, json, _) = await SendAsync(host.Client, HttpMethod.Post, "/admin/render", new { reason = "broken" });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        json.GetProperty("problems")[0].GetString().Should().StartWith("config-leader.json:3:");
        (await new LeaderHarness(redis, tree).CurrentAsync("core"))!.Serial.Should().Be(1);
    }
}
