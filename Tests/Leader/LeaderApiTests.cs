using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Shared.Events;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LeaderApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";
    private const string StaticKey = "static-1-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";
    private static readonly string[] Nginx = ["nginx"];
    private static readonly string[] StaticRole = ["static"];

    private LeaderTree Tree(bool admin = true)
    {
        var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};")
            .Template("core", "nginx/conf/secret/cert.der", string.Empty)
            .Template("static", "nginx/conf/site.conf", "root /www;")
            .Follower("core-1", "core", CoreKey)
            .Follower("static-1", "static", StaticKey);
        tree.Binary("core", "nginx/conf/secret/cert.der", [0x30, 0x00, 0xFF]);
        tree.Config["http"] = admin ? new JsonObject { ["adminKey"] = AdminKey } : new JsonObject();
        return tree;
    }

    private async Task<LeaderApiHost> StartAsync(LeaderTree tree)
    {
        var host = await LeaderApiHost.StartAsync(tree.Save());
        var keys = new LeaderHarness(redis, tree).Keys;
        // The service renders at start; the routes are about what it stored.
        await Wait.UntilAsync(async () => await redis.Db.KeyExistsAsync(keys.Serial("static")), TimeSpan.FromSeconds(15), "the first render");
        return host;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Conf_OwnKey_ReturnsTheCurrentVersion()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Get, "/conf/core", CoreKey);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await JsonAsync(response);
        var serial = json.GetProperty("serial").GetInt64();
        var sha = json.GetProperty("sha256").GetString()!;
        json.GetProperty("files").GetProperty("nginx/conf/site.conf").GetString().Should().Be("server_name pryv.test;");
        json.GetProperty("base64Files").GetProperty("nginx/conf/secret/cert.der").GetString().Should().Be(Convert.ToBase64String([0x30, 0x00, 0xFF]));
        var generation = json.GetProperty("generation").GetInt64();
        VersionSignature.Verify(CoreKey, "core", generation, serial, sha, json.GetProperty("signature").GetString()).Should().BeTrue();
    }

    [Fact]
    public async Task Conf_KeyWithoutBearer_IsAccepted()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/conf/static");
        request.Headers.TryAddWithoutValidation("Authorization", StaticKey);

        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-a-follower-key-at-all", HttpStatusCode.Unauthorized)]
    [InlineData(StaticKey, HttpStatusCode.Forbidden)]
    public async Task Conf_NoOrWrongKey_IsRefusedWithJson(string? key, HttpStatusCode expected)
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Get, "/conf/core", key);

        response.StatusCode.Should().Be(expected);
        (await JsonAsync(response)).GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        (await response.Content.ReadAsStringAsync()).Should().NotContain("server_name");
    }

    [Fact]
    public async Task Health_AfterGoodRender_IsOk()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        await Wait.UntilAsync(
            async () => (await host.SendAsync(HttpMethod.Get, "/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "health ok");
        var json = await JsonAsync(await host.SendAsync(HttpMethod.Get, "/health", AdminKey));

        json.GetProperty("redis").GetString().Should().Be("ok");
        json.GetProperty("lastRender").GetProperty("ok").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Health_BrokenRole_IsDegradedAndNamesIt()
    {
        using var tree = Tree().Template("core", "bad.conf", "{{ NOPE }}");
        await using var host = await LeaderApiHost.StartAsync(tree.Save());

        JsonElement json = default;
        await Wait.UntilAsync(
            async () => (json = await JsonAsync(await host.SendAsync(HttpMethod.Get, "/health", AdminKey))).GetProperty("lastRender").ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(10), "the first render pass");

        json.GetProperty("status").GetString().Should().Be("degraded");
        json.GetProperty("lastRender").GetProperty("failedRoles").EnumerateArray().Select(r => r.GetString()).Should().Equal("core");
    }

    [Fact]
    public async Task Status_LaggingAndNeverSeenFollowers_AreListedAsSuch()
    {
        using var tree = Tree();
        var keys = new LeaderHarness(redis, tree).Keys;
        await using var host = await StartAsync(tree);
        await redis.Db.HashSetAsync(keys.Follower("core-1"), [new(StatusFields.Serial, 0), new(StatusFields.State, FollowerState.Ok)]);

        var json = await JsonAsync(await host.SendAsync(HttpMethod.Get, "/status", AdminKey));

        json.GetProperty("converged").GetBoolean().Should().BeFalse();
        var followers = json.GetProperty("followers").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        followers["core-1"].GetProperty("lag").GetInt64().Should().Be(1);
        followers["static-1"].GetProperty("state").GetString().Should().Be("never seen");
    }

    [Theory]
    [InlineData(true, null, HttpStatusCode.Unauthorized)]
    [InlineData(true, "wrong-admin-key-0123456789", HttpStatusCode.Forbidden)]
    [InlineData(false, AdminKey, HttpStatusCode.Forbidden)]
    public async Task Admin_WithoutTheAdminKey_IsRefused(bool configured, string? key, HttpStatusCode expected)
    {
        using var tree = Tree(admin: configured);
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Post, "/admin/reload", key, new { role = "core" });

        response.StatusCode.Should().Be(expected);
        (await JsonAsync(response)).GetProperty("error").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task AdminReload_PublishesTheEvent()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);
        var queue = await redis.Admin.GetSubscriber().SubscribeAsync(new LeaderHarness(redis, tree).Keys.Events);

        using var response = await host.SendAsync(HttpMethod.Post, "/admin/reload", AdminKey, new { role = "core", components = Nginx });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        // The leader's first pass may still be publishing its config events: the reload's event is the first reload event.
        BusEvent? published;
        do
        {
            published = EventParser.Parse((await queue.ReadAsync(timeout.Token)).Message!).Event;
        }
        while (published is ConfigEvent);

        published.Should().Be(new ReloadEvent("core", ["nginx"]));
        await queue.UnsubscribeAsync();
    }

    [Fact]
    public async Task AdminReload_BadRole_Is400()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Post, "/admin/reload", AdminKey, new { role = "../etc" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AdminRenderAndRollback_StoreNewSerialsAndPin()
    {
        using var tree = Tree();
        // The admin render must be the one that picks up the edit, not the file watcher.
        tree.Config["watch"] = false;
        var leader = new LeaderHarness(redis, tree);
        await using var host = await StartAsync(tree);
        tree.Template("static", "nginx/conf/site.conf", "root /srv;");

        var render = await JsonAsync(await host.SendAsync(HttpMethod.Post, "/admin/render", AdminKey, new { roles = StaticRole }));
        render[0].GetProperty("result").GetString().Should().Be("stored");
        var rollback = await host.SendAsync(HttpMethod.Post, "/admin/rollback", AdminKey, new { role = "static", serial = 1 });

        rollback.StatusCode.Should().Be(HttpStatusCode.OK);
        (await leader.CurrentAsync("static"))!.Serial.Should().Be(3);
        (await leader.FileAsync("static", "nginx/conf/site.conf")).Should().Be("root /www;");
        var again = await JsonAsync(await host.SendAsync(HttpMethod.Post, "/admin/render", AdminKey, new { roles = StaticRole }));
        again[0].GetProperty("result").GetString().Should().Be("pinned");
        (await JsonAsync(await host.SendAsync(HttpMethod.Post, "/admin/unpin", AdminKey, new { role = "static" })))
            .GetProperty("wasPinned").GetBoolean().Should().BeTrue();
        (await host.SendAsync(HttpMethod.Post, "/admin/rollback", AdminKey, new { role = "static", serial = 99 })).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_ExposeRendersAndFollowerLag()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);
        await Wait.UntilAsync(
            async () => (await host.SendAsync(HttpMethod.Get, "/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "first pass");

        var text = await (await host.SendAsync(HttpMethod.Get, "/metrics", AdminKey)).Content.ReadAsStringAsync();

        text.Should().Contain("pryvbus_leader_renders_total{role=\"core\",result=\"ok\"} 1");
        text.Should().Contain("pryvbus_leader_versions_stored_total{role=\"static\"} 1");
        text.Should().Contain("pryvbus_leader_follower_lag_serials{follower=\"static-1\",role=\"static\"} -1");
        text.Should().Contain("pryvbus_leader_current_serial{role=\"core\"} 1");
    }

    [Fact]
    public async Task UnknownRoute_IsJson404()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Get, "/nothing/here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("HTTP 404");
    }
}
