using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Secrets;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public class SecretsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\nadmin: {{ secret \"ADMIN\" }}\n")
        .Template("reg-master", "register/conf/register.yml", "sso: {{ secret \"SSO\" }}\nadmin: {{ secret \"ADMIN\" }}\n")
        .Template("static", "nginx/conf/site.conf", "no secret here {{ DOMAIN }}")
        .Secret("ADMIN", new JsonObject { ["scope"] = "platform", ["length"] = 48, ["alphabet"] = "hex" });

    [Fact]
    public async Task Run_LeaderRestarted_KeepsEverySecret()
    {
        using var tree = Tree();
        await new LeaderHarness(redis, tree).RunAsync("first start");
        var before = await new LeaderHarness(redis, tree).FileAsync("core", "core/conf/core.yml");

        // A new harness is a new leader process as far as state goes: nothing is kept in memory.
        var reports = await new LeaderHarness(redis, tree).RunAsync("restart");

        reports.Should().OnlyContain(r => !r.Stored);
        (await new LeaderHarness(redis, tree).FileAsync("core", "core/conf/core.yml")).Should().Be(before);
    }

    [Fact]
    public async Task Run_DefaultScope_GivesEachRoleItsOwnValue()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();

        var coreSso = await redis.Db.HashGetAsync(leader.Keys.RoleSecrets("core"), "SSO");
        var registerSso = await redis.Db.HashGetAsync(leader.Keys.RoleSecrets("reg-master"), "SSO");

        coreSso.ToString().Should().MatchRegex("^[A-Za-z0-9]{32}$");
        registerSso.ToString().Should().MatchRegex("^[A-Za-z0-9]{32}$").And.NotBe(coreSso.ToString());
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().Contain($"sso: {coreSso}");
    }

    [Fact]
    public async Task Run_PlatformScope_SharesOneValueAcrossRoles()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();

        var admin = (string?)await redis.Db.HashGetAsync(leader.Keys.PlatformSecrets, "ADMIN");

        admin.Should().MatchRegex("^[0-9a-f]{48}$");
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().Contain($"admin: {admin}");
        (await leader.FileAsync("reg-master", "register/conf/register.yml")).Should().Contain($"admin: {admin}");
        (await redis.Db.HashExistsAsync(leader.Keys.RoleSecrets("core"), "ADMIN")).Should().BeFalse();
    }

    [Fact]
    public async Task Run_EnvironmentOverride_WinsAndIsNotStored()
    {
        using var tree = Tree();
        var environment = new Dictionary<string, string> { ["PRYVBUS_SECRET_ADMIN"] = "from-the-environment" };
        var leader = new LeaderHarness(redis, tree, name => environment.GetValueOrDefault(name));
        await leader.RunAsync();

        (await leader.FileAsync("core", "core/conf/core.yml")).Should().Contain("admin: from-the-environment");
        (await redis.Db.HashExistsAsync(leader.Keys.PlatformSecrets, "ADMIN")).Should().BeFalse();
    }

    [Fact]
    public async Task Rotate_Secret_NewVersionOfEveryRoleThatUsesItOnly()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var oldCore = await leader.FileAsync("core", "core/conf/core.yml");
        var vault = new SecretVault(redis.Admin, leader.Keys, _ => null);

        var rotated = await vault.RotateAsync(tree.Load(), "SSO", ["core", "reg-master", "static"]);
        var reports = await leader.RunAsync("rotation");

        rotated.Should().BeEquivalentTo(leader.Keys.RoleSecrets("core").ToString(), leader.Keys.RoleSecrets("reg-master").ToString());
        reports.Where(r => r.Stored).Select(r => r.Role).Should().BeEquivalentTo("core", "reg-master");
        reports.Single(r => r.Role == "static").Store!.Serial.Should().Be(1);
        var newCore = await leader.FileAsync("core", "core/conf/core.yml");
        newCore.Should().NotBe(oldCore);
        newCore.Split('\n')[1].Should().Be(oldCore.Split('\n')[1], "ADMIN was not rotated");
    }

    [Fact]
    public async Task Run_WithLogging_NeverLogsASecretValue()
    {
        using var tree = Tree();
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var keys = new RedisKeys(tree.Prefix);
        var pipeline = new PryvBus.Leader.Pipeline.PlatformPipeline(redis.Admin, factory.CreateLogger<PryvBus.Leader.Pipeline.PlatformPipeline>(), _ => null);

        await pipeline.RunAsync(tree.Load(), "first");
        tree.Template("core", "broken.conf", "{{ secret \"SSO\" }} {{ NOPE }}");
        await pipeline.RunAsync(tree.Load(), "second");

        var values = (await redis.Db.HashGetAllAsync(keys.PlatformSecrets)).Concat(await redis.Db.HashGetAllAsync(keys.RoleSecrets("core")))
            .Select(e => e.Value.ToString()).ToArray();
        values.Should().HaveCount(2);
        logs.Ours.Should().Contain(e => e.EventId == 15, "the names of generated secrets are logged");
        logs.Ours.Should().Contain(e => e.EventId == 10, "the broken template is reported");
        logs.Entries.Should().NotContain(e => values.Any(v => e.Message.Contains(v)));
    }

    [Fact]
    public async Task Run_SecretFiles_AreNamedInTheMeta()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();

        var core = await leader.CurrentAsync("core");
        var stat = await leader.CurrentAsync("static");

        core!.SecretFiles.Should().Equal("core/conf/core.yml");
        core.Secrets.Should().BeEquivalentTo("ADMIN", "SSO");
        stat!.SecretFiles.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_SecretCreatedConcurrently_UsesTheStoredValue()
    {
        // Another leader instance (or an operator) stored SSO between our read and our write:
        // the version must carry the stored value, not the one we generated.
        using var tree = Tree();
        var keys = new RedisKeys(tree.Prefix);
        var settings = tree.Load();
        var resolver = await new SecretVault(redis.Admin, keys, _ => null).ResolverAsync(settings, "core");
        await redis.Db.HashSetAsync(keys.RoleSecrets("core"), "SSO", "stored-meanwhile-0123456789abcdef");
        resolver.Get("SSO").Should().NotBe("stored-meanwhile-0123456789abcdef");

        await new LeaderHarness(redis, tree).RunAsync();

        (await new LeaderHarness(redis, tree).FileAsync("core", "core/conf/core.yml")).Should().Contain("sso: stored-meanwhile-0123456789abcdef");
    }
}
