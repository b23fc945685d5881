using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Rollout;

/// <summary>The running leader steps rollouts on its own; the admin API shows and changes them; metrics count them.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string Key = "rollout-key-0123456789abcdef";

    [Fact]
    public async Task AdminRollout_RunningLeader_ShowsPausesAndRefusesAWrongAction()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/a.conf", "v1")
            .Follower("core-1", "core", Key + "1").Follower("core-2", "core", Key + "2");
        tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey };
        tree.Config["rollout"] = JsonNode.Parse("""{ "core": { "waves": [["core-1"], ["*"]] } }""");
        await using var host = await LeaderApiHost.StartAsync(tree.Save());

        // The leader renders at start and its rollout service admits wave 1 by itself.
        JsonElement view = default;
        await Wait.UntilAsync(
            async () => (view = await JsonAsync(await host.SendAsync(HttpMethod.Get, "/admin/rollout/core", AdminKey))).TryGetProperty("state", out var state)
                && state.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(15),
            "the rollout to start");
        view.GetProperty("state").GetProperty("phase").GetString().Should().Be("running");
        view.GetProperty("waves")[0].GetProperty("admitted").GetBoolean().Should().BeTrue();
        view.GetProperty("waves")[1].GetProperty("admitted").GetBoolean().Should().BeFalse();

        var paused = await host.SendAsync(HttpMethod.Post, "/admin/rollout/core/pause", AdminKey);
        var again = await host.SendAsync(HttpMethod.Post, "/admin/rollout/core/pause", AdminKey);
        var unknown = await host.SendAsync(HttpMethod.Post, "/admin/rollout/core/explode", AdminKey);

        paused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(paused)).GetProperty("phase").GetString().Should().Be("paused");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var metrics = await (await host.SendAsync(HttpMethod.Get, "/metrics", AdminKey)).Content.ReadAsStringAsync();
        metrics.Should().Contain("pryvbus_leader_rollouts_total{role=\"core\",transition=\"started\"} 1")
            .And.Contain("pryvbus_leader_rollouts_total{role=\"core\",transition=\"paused\"} 1");
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
