using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Audit;

/// <summary>What the running leader records: each admin action with its operator, and an edit of config-leader.json.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ApiAuditTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string AdminKey = "admin-key-0123456789abcdef";
    private static readonly string[] Core = ["core"];
    private static readonly string[] Nginx = ["nginx"];

    private LeaderTree Tree()
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};");
        tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey };
        return tree;
    }

    private async Task<AuditRecord[]> EntriesAsync(LeaderTree tree) =>
        [.. (await new AuditStream(redis.Db, new RedisKeys(tree.Prefix)).ReadAllAsync()).Select(e => e.Record!)];

    private static async Task<LeaderApiHost> StartAsync(LeaderTree tree)
    {
        var host = await LeaderApiHost.StartAsync(tree.Save());
        await Wait.UntilAsync(
            async () => JsonDocument.Parse(await (await host.SendAsync(HttpMethod.Get, "/health", AdminKey)).Content.ReadAsStringAsync()).RootElement
                .GetProperty("lastRender").ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(15), "the first render pass");
        return host;
    }

    [Fact]
    public async Task AdminRoutes_Changes_RecordedWithTheOperator()
    {
        using var tree = Tree();
        var tokens = await OperatorFixtures.AddAsync(tree.Load().UsersFile, ("rel", OperatorRole.Releaser));
        await using var host = await StartAsync(tree);

        (await host.SendAsync(HttpMethod.Post, "/admin/render", tokens["rel"], new { roles = Core, reason = "new domain" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Post, "/admin/reload", tokens["rel"], new { role = "core", components = Nginx })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Post, "/admin/rollback", tokens["rel"], new { role = "core", serial = 1 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Post, "/admin/unpin", AdminKey, new { role = "core" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var entries = await EntriesAsync(tree);
        entries.Select(e => (e.Action, e.Actor, e.ActorRole, e.Source, e.Role)).Should().Equal(
            ("render", "rel", "releaser", "api", "core"),
            ("reload", "rel", "releaser", "api", "core"),
            ("rollback", "rel", "releaser", "api", "core"),
            ("unpin", "admin-key", "admin", "api", "core"));
        entries[0].Reason.Should().Be("new domain");
        entries[0].Detail.Should().Be("core: unchanged");
        entries[2].Detail.Should().Be("serial 1's content as serial 1, pinned");
    }

    [Fact]
    public async Task FailedCredential_BehindATrustedProxy_RecordsTheClientNotTheProxy()
    {
        using var tree = Tree();
        ((JsonObject)tree.Config["http"]!)["trustedProxies"] = new JsonArray("127.0.0.1");
        await using var host = await StartAsync(tree);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/render") { Content = JsonContent.Create(new { reason = "x" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key-0123456789abcdef");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var failed = (await EntriesAsync(tree)).Should().ContainSingle(e => e.Action == "auth.failed").Which;
        failed.Detail.Should().Contain("from 203.0.113.9").And.NotContain("127.0.0.1");
    }

    [Fact]
    public async Task KeyRoutes_WrongKey_EachRecordedUntilTheClientIsLimited()
    {
        using var tree = Tree();
        ((JsonObject)tree.Config["http"]!)["statusKey"] = "status-key-0123456789abcdef";
        ((JsonObject)tree.Config["http"]!)["failedKeyLimit"] = 4;
        ((JsonObject)tree.Config["http"]!)["failedKeyWindowSeconds"] = 3600;
        await using var host = await StartAsync(tree);

        var answers = new List<HttpStatusCode>();
        foreach (var path in new[] { "/status", "/metrics", "/health", "/conf/core", "/status" })
        {
            using var response = await host.SendAsync(HttpMethod.Get, path, "wrong-key-0123456789abcdef");
            answers.Add(response.StatusCode);
        }

        answers.Should().Equal(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);

        // The fifth guess is over the budget: refused (429) before any key is compared, and not recorded, so a
        // client cannot flood the trail faster than it may guess.
        (await EntriesAsync(tree)).Where(e => e.Action == "auth.failed").Select(e => e.Detail).Should().SatisfyRespectively(
            d => d.Should().Be("wrong key from 127.0.0.1 (GET /status)"),
            d => d.Should().Be("wrong key from 127.0.0.1 (GET /metrics)"),
            d => d.Should().Be("wrong key from 127.0.0.1 (GET /health)"),
            d => d.Should().Be("unknown follower key from 127.0.0.1 (GET /conf/core)"));
    }

    [Fact]
    public async Task SettingsFile_Edited_RecordedWithTheValueNamesOnly()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        tree.Value("DOMAIN", "edited-domain.test").Save();

        await Wait.UntilAsync(async () => (await EntriesAsync(tree)).Any(e => e.Action == "settings.edit"), TimeSpan.FromSeconds(15), "the edit to be recorded");
        var entry = (await EntriesAsync(tree)).Single(e => e.Action == "settings.edit");
        entry.Should().Match<AuditRecord>(e => e.Source == "file" && e.Actor == "settings-file");
        entry.Detail.Should().EndWith("values changed: DOMAIN").And.NotContain("edited-domain.test");
    }
}
