using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.LeaderState;

/// <summary>Issue 11 item 13: a secret, once generated, survives the loss of Redis's data.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SecretStateTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static LeaderTree Tree(RedisServer redis) => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\nadmin: {{ secret \"ADMIN\" }}\n")
        .Template("static", "nginx/conf/site.conf", "no secret here {{ DOMAIN }}\n")
        .Secret("ADMIN", new JsonObject { ["scope"] = "platform", ["length"] = 48, ["alphabet"] = "hex" });

    private static Func<string, string?> KeyEnvironment(byte[] key) =>
        name => name == StateKey.KeyVariable ? Convert.ToBase64String(key) : null;

    [Fact]
    public async Task Run_RedisLostEverything_StoresTheSameSecretsAgainWithALogLine()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first start");
        var before = (await leader.CurrentAsync("core"))!.Files["core/conf/core.yml"];
        await StoreLoss.FlushAllAsync(redis);
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        var reports = await new PlatformPipeline(redis.Admin, factory.CreateLogger<PlatformPipeline>(), _ => null).RunAsync(tree.Load(), "after the loss");

        reports.Should().OnlyContain(r => r.Stored);
        (await leader.CurrentAsync("core"))!.Files["core/conf/core.yml"].Should().Equal(before);
        logs.Ours.Should().ContainSingle(e => e.EventId == 2301 && e.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("restored them into Redis, no new value generated").And.Contain("platform ADMIN").And.Contain("role:core SSO");
        logs.Ours.Should().NotContain(e => e.EventId == 15, "no secret is generated");
    }

    [Fact]
    public async Task Run_FirstStart_SealsEverySecretWithNoneInClear()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var settings = tree.Load();
        var values = (await redis.Db.HashGetAllAsync(leader.Keys.RoleSecrets("core")))
            .Concat(await redis.Db.HashGetAllAsync(leader.Keys.PlatformSecrets)).Select(e => e.Value.ToString()).ToArray();

        var files = Directory.GetFiles(settings.StateDirectory, "*", SearchOption.AllDirectories);

        values.Should().HaveCount(2);
        files.Should().Contain(Path.Combine(settings.StateDirectory, SecretState.FileName));
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            foreach (var value in values)
            {
                content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)).Should().Be(-1, $"{file} must not hold a secret in clear");
                content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)))).Should().Be(-1);
            }
        }

        File.GetUnixFileMode(settings.StateDirectory).Should().Be(StateFiles.PrivateFolder);
        File.GetUnixFileMode(Path.Combine(settings.StateDirectory, SecretState.FileName)).Should().Be(StateFiles.PrivateFile);
        var keyFile = StateKey.DefaultKeyFile(settings.StateDirectory);
        File.GetUnixFileMode(keyFile).Should().Be(StateFiles.PrivateFile);
        Path.GetDirectoryName(keyFile).Should().NotBe(settings.StateDirectory, "a copy of the state folder alone must reveal nothing");
    }

    [Fact]
    public async Task Run_WrongKey_RolesUsingSecretsKeepTheirVersionAndNothingIsGenerated()
    {
        using var tree = Tree(redis);
        await new LeaderHarness(redis, tree, KeyEnvironment(RandomNumberGenerator.GetBytes(32))).RunAsync();
        var sealedFile = Path.Combine(tree.Load().StateDirectory, SecretState.FileName);
        var sealedBefore = File.ReadAllBytes(sealedFile);
        await StoreLoss.FlushAllAsync(redis);
        var wrong = new LeaderHarness(redis, tree, KeyEnvironment(RandomNumberGenerator.GetBytes(32)));

        var reports = await wrong.RunAsync("wrong key");

        var core = reports.Single(r => r.Role == "core");
        core.Failed.Should().BeTrue();
        core.Render.Errors.Should().Contain(e => e.Message.Contains("encrypted with another key") && e.Message.Contains(sealedFile));
        reports.Single(r => r.Role == "static").Stored.Should().BeTrue("a role without secrets does not need the state folder");
        (await wrong.CurrentAsync("core")).Should().BeNull();
        (await redis.Db.KeyExistsAsync(wrong.Keys.PlatformSecrets)).Should().BeFalse();
        (await redis.Db.KeyExistsAsync(wrong.Keys.RoleSecrets("core"))).Should().BeFalse();
        File.ReadAllBytes(sealedFile).Should().Equal(sealedBefore);
    }

    [Fact]
    public async Task Run_KeyFileReadableByOthers_IsRefusedWithTheFix()
    {
        using var tree = Tree(redis);
        using var temp = new TempDirectory();
        var keyFile = temp.Write("state.key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var leader = new LeaderHarness(redis, tree, name => name == StateKey.KeyFileVariable ? keyFile : null);

        var reports = await leader.RunAsync();

        reports.Single(r => r.Role == "core").Render.Errors.Should().ContainSingle()
            .Which.Message.Should().Contain($"{keyFile}: the state key file is readable by group or others (mode 644): chmod 600 {keyFile}");
        (await redis.Db.KeyExistsAsync(leader.Keys.RoleSecrets("core"))).Should().BeFalse();
        SecretState.Exists(tree.Load().StateDirectory).Should().BeFalse();
    }

    [Fact]
    public async Task Run_KeyFileLostButSecretsSealed_NeverMakesANewKey()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var keyFile = StateKey.DefaultKeyFile(tree.Load().StateDirectory);
        File.Delete(keyFile);
        await StoreLoss.FlushAllAsync(redis);

        var reports = await leader.RunAsync();

        reports.Single(r => r.Role == "core").Render.Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("holds sealed secrets: put back the key they were sealed with");
        File.Exists(keyFile).Should().BeFalse();
        (await redis.Db.KeyExistsAsync(leader.Keys.RoleSecrets("core"))).Should().BeFalse();
    }

    [Fact]
    public async Task Run_SecretsOnlyInRedis_AreImportedIntoTheStateFolder()
    {
        // An upgrade: Redis holds secrets from before the state folder existed.
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await redis.Db.HashSetAsync(leader.Keys.RoleSecrets("core"), "SSO", "from-before-the-upgrade-0123456789");

        await leader.RunAsync("upgrade");
        await StoreLoss.FlushAllAsync(redis);
        await leader.RunAsync("after the loss");

        (await leader.FileAsync("core", "core/conf/core.yml")).Should().StartWith("sso: from-before-the-upgrade-0123456789\n");
        SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Role("core"), "SSO").Should().Be("from-before-the-upgrade-0123456789");
    }

    [Fact]
    public async Task Rotate_ThenRedisLost_KeepsTheRotatedValue()
    {
        using var tree = Tree(redis);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var settings = tree.Load();
        var vault = new SecretVault(redis.Admin, leader.Keys, _ => null, SecretState.Open(settings, _ => null));
        await vault.RotateAsync(settings, "SSO", settings.Roles());
        var rotated = (string?)await redis.Db.HashGetAsync(leader.Keys.RoleSecrets("core"), "SSO");
        await leader.RunAsync("rotation");

        await StoreLoss.FlushAllAsync(redis);
        await leader.RunAsync("after the loss");

        (await leader.FileAsync("core", "core/conf/core.yml")).Should().StartWith($"sso: {rotated}\n");
    }

    [Fact]
    public async Task Run_TwoProcessesAtOnce_SealAndStoreOneValuePerSecret()
    {
        // The service and a `render` command share the state folder: whichever seals first, both use that value.
        using var tree = Tree(redis);
        var settings = tree.Load();
        var first = new PlatformPipeline(redis.Admin, Microsoft.Extensions.Logging.Abstractions.NullLogger<PlatformPipeline>.Instance, _ => null);
        var second = new PlatformPipeline(redis.Admin, Microsoft.Extensions.Logging.Abstractions.NullLogger<PlatformPipeline>.Instance, _ => null);

        await Task.WhenAll(first.RunAsync(settings, "one"), second.RunAsync(settings, "two"));

        var leader = new LeaderHarness(redis, tree);
        var sealedSso = SecretState.Open(settings, _ => null).Get(SecretScopes.Role("core"), "SSO");
        ((string?)await redis.Db.HashGetAsync(leader.Keys.RoleSecrets("core"), "SSO")).Should().Be(sealedSso);
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().StartWith($"sso: {sealedSso}\n");
    }
}
