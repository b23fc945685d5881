using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Shared;
using PryvBus.Tests.Audit;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// <c>POST /admin/render</c> checks what it is given before it renders: the reason as the values API does (it goes to
/// the versions' meta, the audit trail and the log), and every role named. A refused request stores and records nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AdminRenderRequestTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string OneLine = "the reason must be one line without control characters";
    private static readonly string[] Core = ["core"];
    private static readonly string[] SomeUnknown = ["no-such-role", "core", "other\u001b[2J"];

    public static TheoryData<string, string> BadReasons => new()
    {
        { "\u001b[2J\u001b]0;pwned\u0007", OneLine },
        { "line1\nSERIAL 999 fake row", OneLine },
        { new string('x', 100_000), "the reason must be at most 500 characters" },
        { " ", "a reason is required" },
    };

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task Render_ReasonRefused_400NamingTheProblemNothingStoredNothingAudited(string reason, string problem)
    {
        await using var s = await StartAsync();

        using var response = await s.Host.SendAsync(HttpMethod.Post, "/admin/render", s.Releaser, new { reason, roles = Core });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorOf(response)).Should().StartWith(problem);
        await s.NothingDoneAsync();
    }

    [Fact]
    public async Task Render_UnknownRoles_400NamingEachNothingStoredNothingAudited()
    {
        await using var s = await StartAsync();

        using var response = await s.Host.SendAsync(
            HttpMethod.Post, "/admin/render", s.Releaser, new { reason = "typo", roles = SomeUnknown });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorOf(response)).Should().Be("unknown roles 'no-such-role', 'other\\x1B[2J' (roles: core): nothing rendered");
        await s.NothingDoneAsync();
    }

    [Fact]
    public async Task Render_GoodRequest_StoresTheChangeAndRecordsIt()
    {
        // The refusals above are meaningful: the same change, asked for properly, is stored and recorded.
        await using var s = await StartAsync();

        using var response = await s.Host.SendAsync(HttpMethod.Post, "/admin/render", s.Releaser, new { reason = "new greeting", roles = Core });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await redis.Db.StringGetAsync(s.Keys.Serial("core"))).ToString().Should().Be("2");
        (await s.RendersAsync()).Should().ContainSingle().Which.Reason.Should().Be("new greeting");
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    /// <summary>A leader that rendered core once (serial 1), whose template then changed on disk with nothing to notice it.</summary>
    private async Task<Scenario> StartAsync()
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "app/greeting.txt", "hello");
        tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey };
        tree.Config["watch"] = false;
        tree.Config["checkIntervalSeconds"] = 86400;
        var tokens = await OperatorFixtures.AddAsync(tree.Load().UsersFile, ("rel", OperatorRole.Releaser));
        var host = await LeaderApiHost.StartAsync(tree.Save());
        var keys = new RedisKeys(tree.Prefix);
        await Wait.UntilAsync(async () => await redis.Db.KeyExistsAsync(keys.Serial("core")), TimeSpan.FromSeconds(15), "the first render");
        File.WriteAllText(tree.TemplatePath("core", "app/greeting.txt"), "hello again");
        return new Scenario(redis, tree, host, keys, tokens["rel"]);
    }

    private sealed record Scenario(RedisServer Redis, LeaderTree Tree, LeaderApiHost Host, RedisKeys Keys, string Releaser) : IAsyncDisposable
    {
        public async Task<AuditRecord[]> RendersAsync() =>
            [.. (await new AuditStream(Redis.Db, Keys).ReadAllAsync()).Select(e => e.Record!).Where(r => r.Action == "render")];

        public async Task NothingDoneAsync()
        {
            (await Redis.Db.StringGetAsync(Keys.Serial("core"))).ToString().Should().Be("1", "the changed template was not rendered");
            (await RendersAsync()).Should().BeEmpty();
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            Tree.Dispose();
        }
    }
}
