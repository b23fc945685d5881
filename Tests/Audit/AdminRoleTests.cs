using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Audit;

/// <summary>
/// Every admin route for every operator role on the real Kestrel: refused below the route's role (403 naming the role
/// needed, never the token), allowed at it and above; 401 without credentials; revoked and disabled refused at once.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AdminRoleTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string AdminKey = "admin-key-0123456789abcdef";

    private static readonly (HttpMethod Method, string Path, object? Body, OperatorRole Needed)[] Routes =
    [
        (HttpMethod.Get, "/admin/rollout/core", null, OperatorRole.Viewer),
        (HttpMethod.Post, "/admin/render", new { roles = new[] { "core" }, reason = "role test" }, OperatorRole.Releaser),
        (HttpMethod.Post, "/admin/reload", new { role = "core" }, OperatorRole.Releaser),
        (HttpMethod.Post, "/admin/rollback", new { role = "core", serial = 1 }, OperatorRole.Releaser),
        (HttpMethod.Post, "/admin/unpin", new { role = "core" }, OperatorRole.Releaser),
        (HttpMethod.Post, "/admin/rollout/core/pause", null, OperatorRole.Releaser),
    ];

    private LeaderTree Tree(int failedKeyLimit = 1000)
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey, ["failedKeyLimit"] = failedKeyLimit, ["failedKeyWindowSeconds"] = 3600 };
        return tree;
    }

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
    public async Task AdminRoutes_EveryRole_RefusedBelowTheRouteRoleAllowedAtIt()
    {
        using var tree = Tree();
        var tokens = await OperatorFixtures.EveryRoleAsync(tree.Load().UsersFile);
        await using var host = await StartAsync(tree);
        var wrong = new List<string>();

        foreach (var (method, path, body, needed) in Routes)
        {
            foreach (var role in Enum.GetValues<OperatorRole>())
            {
                using var response = await host.SendAsync(method, path, tokens[OperatorRoles.Name(role)], body);
                var text = await response.Content.ReadAsStringAsync();
                var refused = response.StatusCode == HttpStatusCode.Forbidden;
                if (role < needed != refused || (refused && !text.Contains($"needs the {OperatorRoles.Name(needed)} role", StringComparison.Ordinal))
                    || response.StatusCode == HttpStatusCode.Unauthorized || text.Contains(tokens[OperatorRoles.Name(role)], StringComparison.Ordinal))
                {
                    wrong.Add($"{method} {path} as {role}: {(int)response.StatusCode} {text}");
                }
            }
        }

        wrong.Should().BeEmpty();
    }

    [Fact]
    public async Task AdminRoutes_NoCredentials_Unauthorized()
    {
        using var tree = Tree();
        await OperatorFixtures.EveryRoleAsync(tree.Load().UsersFile);
        await using var host = await StartAsync(tree);

        foreach (var (method, path, body, _) in Routes)
        {
            using var response = await host.SendAsync(method, path, null, body);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {path}");
        }
    }

    [Fact]
    public async Task AdminKey_EveryRoute_AllowedAsTheBootstrapAdmin()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        foreach (var (method, path, body, _) in Routes)
        {
            using var response = await host.SendAsync(method, path, AdminKey, body);
            response.StatusCode.Should().NotBe(HttpStatusCode.Forbidden, $"{method} {path}").And.NotBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Token_RevokedOrDisabledWhileRunning_RefusedAtOnceAndAudited()
    {
        using var tree = Tree();
        var settings = tree.Load();
        var tokens = await OperatorFixtures.AddAsync(settings.UsersFile, ("rel", OperatorRole.Releaser), ("other", OperatorRole.Releaser));
        await using var host = await StartAsync(tree);
        (await host.SendAsync(HttpMethod.Post, "/admin/unpin", tokens["rel"], new { role = "core" })).StatusCode.Should().Be(HttpStatusCode.OK);

        await UsersFile.ChangeAsync(settings.UsersFile, users => users.Find("rel")!.Tokens.RemoveAll(_ => true));
        await UsersFile.ChangeAsync(settings.UsersFile, users => users.Find("other")!.Disabled = true);
        using var revoked = await host.SendAsync(HttpMethod.Post, "/admin/unpin", tokens["rel"], new { role = "core" });
        using var disabled = await host.SendAsync(HttpMethod.Post, "/admin/unpin", tokens["other"], new { role = "core" });

        revoked.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await revoked.Content.ReadAsStringAsync()).Should().Contain("unknown or revoked token").And.NotContain(tokens["rel"]);
        disabled.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await disabled.Content.ReadAsStringAsync()).Should().Contain("disabled");
        var entries = (await new AuditStream(redis.Db, new RedisKeys(tree.Prefix)).ReadAllAsync()).Select(e => e.Record!).ToArray();
        entries.Where(e => e.Action == "auth.failed").Should().HaveCount(2).And.OnlyContain(e => !e.Detail!.Contains(tokens["rel"], StringComparison.Ordinal));
        entries.Should().Contain(e => e.Action == "unpin" && e.Actor == "rel" && e.ActorRole == "releaser" && e.Source == "api");
    }

    [Fact]
    public async Task Token_WrongOnesPastTheLimit_TooManyRequests()
    {
        using var tree = Tree(failedKeyLimit: 2);
        var tokens = await OperatorFixtures.AddAsync(tree.Load().UsersFile, ("viewer", OperatorRole.Viewer));
        await using var host = await StartAsync(tree);
        var forged = tokens["viewer"][..^4] + "AAAA";

        (await host.SendAsync(HttpMethod.Get, "/admin/rollout/core", forged)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await host.SendAsync(HttpMethod.Get, "/admin/rollout/core", forged)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await host.SendAsync(HttpMethod.Get, "/admin/rollout/core", tokens["viewer"])).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Status_ViewerToken_ReadsTheDetails()
    {
        using var tree = Tree();
        var tokens = await OperatorFixtures.AddAsync(tree.Load().UsersFile, ("viewer", OperatorRole.Viewer));
        await using var host = await StartAsync(tree);

        (await host.SendAsync(HttpMethod.Get, "/status", tokens["viewer"])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, "/metrics", tokens["viewer"])).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdminRoutes_NoAdminKeyButOperators_EnabledForTokens()
    {
        using var tree = Tree();
        tree.Config["http"]!.AsObject().Remove("adminKey");
        var tokens = await OperatorFixtures.AddAsync(tree.Load().UsersFile, ("boss", OperatorRole.Admin));
        await using var host = await LeaderApiHost.StartAsync(tree.Save());

        using var response = await host.SendAsync(HttpMethod.Get, "/admin/rollout/core", tokens["boss"]);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
