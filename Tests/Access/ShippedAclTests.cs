using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Access;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Templates;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>The shipped compose/redis configuration: the leader and ops users can do their work, and only that.</summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public class ShippedAclTests(ShippedRedisServer redis) : IClassFixture<ShippedRedisServer>
{
    private static readonly RedisKeys Keys = new(RedisKeys.DefaultPrefix);

    [Fact]
    public void ShippedConfig_NoUser_IsRefused() => redis.Ping().Should().StartWith("-NOAUTH");

    [Fact]
    public async Task LeaderUser_RenderProvisionRotate_StaysInsideItsAclAndPersistsUsers()
    {
        using var tree = new LeaderTree(redis.Endpoint, RedisKeys.DefaultPrefix)
            .Template("core", "core.yml", "key: {{ secret \"CORE_SECRET\" }}")
            .Follower("core-1", "core", "core-1-key-0123456789abcdef");
        tree.Config["redis"] = new JsonObject
        {
            ["configuration"] = redis.Endpoint, ["user"] = ShippedRedisServer.LeaderUser, ["password"] = ShippedRedisServer.LeaderPassword,
        };
        // The shipped users.acl holds the sample password: loading it is a declared demo.
        var settings = SettingsLoader.Load(tree.Save(), SamplePlatforms.Demo);

        // The leader's own client options, exactly as the service builds them.
        await using var leader = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions());
        var provisioned = await new AclProvisioner(leader, NullLogger<AclProvisioner>.Instance).ProvisionAsync(settings);
        var reports = await new PlatformPipeline(leader, NullLogger<PlatformPipeline>.Instance, _ => null).RunAsync(settings, "test");
        var vault = new SecretVault(leader, Keys, _ => null);
        (await vault.RotateAsync(settings, "CORE_SECRET", ["core"])).Should().NotBeEmpty();
        (await vault.ListAsync(["core"])).Should().NotBeEmpty();

        provisioned.Outcome.Should().Be(AclOutcome.Provisioned);
        reports.Should().ContainSingle().Which.Stored.Should().BeTrue();
        File.ReadAllText(redis.AclFile).Should().Contain("user pryvbus:follower:core-1 on", "ACL SAVE persists the follower users");
        await using var follower = await AclTestClients.FollowerAsync(redis.Endpoint, "pryvbus:follower:core-1", "core-1-key-0123456789abcdef");
        (await follower.GetDatabase().StringGetAsync(Keys.Serial("core"))).Should().Be(1);
        await using var ops = await ConnectionMultiplexer.ConnectAsync(redis.Options(ShippedRedisServer.OpsUser, ShippedRedisServer.OpsPassword));
        (await AclTestClients.DeniedAsync(ops.GetDatabase(), ShippedRedisServer.LeaderUser)).Should().BeEmpty();
        (await AclTestClients.DeniedAsync(ops.GetDatabase(), "pryvbus:follower:core-1")).Should().BeEmpty();
    }

    [Fact]
    public async Task OpsUser_InspectsAndPublishesReloads_ButCannotReadSecretsOrWrite()
    {
        await using var leader = await ConnectionMultiplexer.ConnectAsync(redis.Options(ShippedRedisServer.LeaderUser, ShippedRedisServer.LeaderPassword));
        await leader.GetDatabase().StringSetAsync(Keys.Serial("ops"), 3);
        await leader.GetDatabase().HashSetAsync(Keys.RoleSecrets("ops"), "S", "value");
        await using var ops = await ConnectionMultiplexer.ConnectAsync(redis.Options(ShippedRedisServer.OpsUser, ShippedRedisServer.OpsPassword));
        var db = ops.GetDatabase();

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await ops.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Keys.Events.ToString()), (_, message) => received.TrySetResult(message!));

        (await db.StringGetAsync(Keys.Serial("ops"))).Should().Be(3);
        (await ops.GetSubscriber().PublishAsync(Keys.Events, "reload ops")).Should().Be(1, "the ops user's own subscription receives it");
        (await received.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("reload ops");
        ((string?)await db.ExecuteAsync("INFO", "server")).Should().Contain("redis_version");
        ((string?)await db.ExecuteAsync("ACL", "WHOAMI")).Should().Be(ShippedRedisServer.OpsUser);
        (await db.ExecuteAsync("ACL", "LOG", "1")).IsNull.Should().BeFalse();
        (await db.ExecuteAsync("SCAN", "0", "MATCH", "pryvbus:*")).IsNull.Should().BeFalse();
        ((string?)await db.ExecuteAsync("CLIENT", "LIST")).Should().Contain("user=pryvbus-ops");
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashGetAllAsync(Keys.RoleSecrets("ops")));
        await AclTestClients.ShouldBeDeniedAsync(() => db.StringSetAsync(Keys.Serial("ops"), 4));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("ACL", "SETUSER", "intruder", "on"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("FLUSHALL"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("KEYS", "*"));
    }
}
