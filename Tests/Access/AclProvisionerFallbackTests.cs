using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Access;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public class AclProvisionerFallbackTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int UnsupportedEvent = 41;

    [Fact]
    public async Task Provision_LeaderUserWithoutAclRights_WarnsOnceAndTouchesNothing()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", "core-1-key-0123456789");
        var leaderUser = tree.Prefix + "-leader";
        await redis.Db.ExecuteAsync("ACL", "SETUSER", leaderUser, "on", ">leader-password-0123", "~*", "&*", "+@all", "-@admin");
        var options = redis.Options();
        options.User = leaderUser;
        options.Password = "leader-password-0123";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var provisioner = new AclProvisioner(connection, factory.CreateLogger<AclProvisioner>());

        var first = await provisioner.ProvisionAsync(tree.Load());
        var second = await provisioner.ProvisionAsync(tree.Load());

        first.Outcome.Should().Be(AclOutcome.Unsupported);
        first.Reason.Should().StartWith("NOPERM");
        second.Outcome.Should().Be(AclOutcome.Unsupported);
        logs.Ours.Count(e => e.EventId == UnsupportedEvent).Should().Be(1, "the warning is given once, not on every pass");
        var users = (string[])(await redis.Db.ExecuteAsync("ACL", "USERS"))!;
        users.Should().NotContain($"{tree.Prefix}:follower:core-1");
    }

    [Fact]
    public async Task Provision_Disabled_TouchesNothing()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", "core-1-key-0123456789");
        tree.Config["acl"] = new JsonObject { ["provision"] = false };

        var result = await AclTestClients.ProvisionAsync(redis, tree.Load());

        result.Outcome.Should().Be(AclOutcome.Disabled);
        ((string[])(await redis.Db.ExecuteAsync("ACL", "USERS"))!).Should().NotContain($"{tree.Prefix}:follower:core-1");
    }

    [Fact]
    public async Task Provision_UnchangedRules_KeepsTheFollowersSubscription()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x").Follower("core-1", "core", "core-1-key-0123456789");
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await using var follower = await AclTestClients.FollowerAsync(redis, $"{tree.Prefix}:follower:core-1", "core-1-key-0123456789");
        var queue = await follower.GetSubscriber().SubscribeAsync(RedisChannel.Literal(tree.Prefix + ":events"));

        // Every reload re-applies the rules (reset first): Redis must not drop the follower's connections for it.
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await redis.Admin.GetSubscriber().PublishAsync(RedisChannel.Literal(tree.Prefix + ":events"), "reload core");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await queue.ReadAsync(timeout.Token)).Message.ToString().Should().Be("reload core");
    }
}
