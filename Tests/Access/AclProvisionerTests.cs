using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using PryvBus.Leader.Access;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public class AclProvisionerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";
    private const string EuKey = "eu-1-key-0123456789abcdef";

    /// <summary>Two roles whose names share a prefix (core, core-eu), each with a stored version and secrets.</summary>
    private async Task<(LeaderTree Tree, RedisKeys Keys)> PlatformAsync()
    {
        var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "core.yml", "key: {{ secret \"CORE_SECRET\" }}\nadmin: {{ secret \"ADMIN\" }}")
            .Template("core-eu", "core.yml", "key: {{ secret \"CORE_SECRET\" }}")
            .Secret("ADMIN", new JsonObject { ["scope"] = "platform" })
            .Follower("core-1", "core", CoreKey)
            .Follower("eu-1", "core-eu", EuKey);
        (await new LeaderHarness(redis, tree).RunAsync()).Should().OnlyContain(r => r.Stored);
        return (tree, new RedisKeys(tree.Prefix));
    }

    [Fact]
    public async Task Provision_Followers_CreatesOneUserEachNamedAfterItsStatusHash()
    {
        var (tree, keys) = await PlatformAsync();
        using var _ = tree;

        var result = await AclTestClients.ProvisionAsync(redis, tree.Load());

        result.Outcome.Should().Be(AclOutcome.Provisioned);
        result.Users.Should().Equal($"{keys.Prefix}:follower:core-1", $"{keys.Prefix}:follower:eu-1");
        var list = (string[])(await redis.Db.ExecuteAsync("ACL", "LIST"))!;
        list.Should().ContainSingle(l => l.StartsWith($"user {keys.Prefix}:follower:core-1 on ", StringComparison.Ordinal))
            .Which.Should().NotContain(CoreKey).And.Contain(FollowerAcl.PasswordHash(CoreKey)[1..]);
    }

    [Fact]
    public async Task FollowerUser_OwnRole_ReadsVersionWritesStatusAndSubscribes()
    {
        var (tree, keys) = await PlatformAsync();
        using var _ = tree;
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await using var follower = await AclTestClients.FollowerAsync(redis, FollowerAcl.UserName(keys, "core-1"), CoreKey);
        var db = follower.GetDatabase();

        (await db.StringGetAsync(keys.Serial("core"))).Should().Be(1);
        (await db.HashGetAllAsync(keys.Config("core", 1))).Should().NotBeEmpty();
        (await db.HashGetAsync(keys.Meta("core", 1), "sha256")).IsNull.Should().BeFalse();
        await db.HashSetAsync(keys.Follower("core-1"), [new HashEntry("state", "ok"), new HashEntry("serial", "1")]);
        (await redis.Db.HashGetAsync(keys.Follower("core-1"), "state")).Should().Be("ok");
        var queue = await follower.GetSubscriber().SubscribeAsync(keys.Events);
        await queue.UnsubscribeAsync();
    }

    [Fact]
    public async Task FollowerUser_OtherRoleOrSecrets_IsDenied()
    {
        var (tree, keys) = await PlatformAsync();
        using var _ = tree;
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await using var raw = await AclTestClients.RawAsync(redis, FollowerAcl.UserName(keys, "core-1"), CoreKey);
        var db = raw.GetDatabase();

        // core-eu shares core's first letters: the exact serial key and the colon after the role keep them apart.
        await AclTestClients.ShouldBeDeniedAsync(() => db.StringGetAsync(keys.Serial("core-eu")));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashGetAllAsync(keys.Config("core-eu", 1)));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashGetAllAsync(keys.Meta("core-eu", 1)));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashGetAllAsync(keys.RoleSecrets("core")));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashGetAllAsync(keys.PlatformSecrets));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashGetAllAsync(keys.Follower("eu-1")));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ListRangeAsync(keys.History("core")));
    }

    [Fact]
    public async Task FollowerUser_WritesPublishAndAdminCommands_AreDenied()
    {
        var (tree, keys) = await PlatformAsync();
        using var _ = tree;
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await using var raw = await AclTestClients.RawAsync(redis, FollowerAcl.UserName(keys, "core-1"), CoreKey);
        var db = raw.GetDatabase();

        await AclTestClients.ShouldBeDeniedAsync(() => db.HashSetAsync(keys.Config("core", 1), "core.yml", "forged"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashSetAsync(keys.Meta("core", 1), "sha256", "forged"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.StringSetAsync(keys.Serial("core"), 99));
        await AclTestClients.ShouldBeDeniedAsync(() => db.KeyDeleteAsync(keys.Serial("core")));
        await AclTestClients.ShouldBeDeniedAsync(() => raw.GetSubscriber().PublishAsync(keys.Events, "reload core"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.HashSetAsync(keys.Follower("eu-1"), "state", "ok"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("ACL", "LIST"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("CONFIG", "GET", "*"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("FLUSHALL"));
        await AclTestClients.ShouldBeDeniedAsync(() => db.ExecuteAsync("KEYS", "*"));
        await AclTestClients.ShouldBeDeniedAsync(() => raw.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.Prefix + ":other")));
        (await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(1);
        (await AclTestClients.DeniedAsync(redis, FollowerAcl.UserName(keys, "core-1"))).Should().Contain(["command flushall", "command publish"]);
    }

    [Fact]
    public async Task Provision_FollowerRemoved_DeletesOnlyItsUser()
    {
        var (tree, keys) = await PlatformAsync();
        using var _ = tree;
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        var operatorUser = keys.Prefix + "-ops";
        await redis.Db.ExecuteAsync("ACL", "SETUSER", operatorUser, "on", "nopass", "+ping");
        tree.Config["followers"]!.AsArray().RemoveAt(1);

        var result = await AclTestClients.ProvisionAsync(redis, tree.Load());

        result.Removed.Should().Equal($"{keys.Prefix}:follower:eu-1");
        var users = (string[])(await redis.Db.ExecuteAsync("ACL", "USERS"))!;
        users.Should().Contain([$"{keys.Prefix}:follower:core-1", operatorUser]).And.NotContain($"{keys.Prefix}:follower:eu-1");
        (await AclTestClients.CanAuthenticateAsync(redis, $"{keys.Prefix}:follower:eu-1", EuKey)).Should().BeFalse();
    }

    [Fact]
    public async Task Provision_KeyRotated_OldPasswordFailsAndNewOneWorks()
    {
        var (tree, keys) = await PlatformAsync();
        using var _ = tree;
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        var user = FollowerAcl.UserName(keys, "core-1");
        const string newKey = "core-1-rotated-key-0123456789";
        tree.Config["followers"]![0]!["key"] = newKey;

        await AclTestClients.ProvisionAsync(redis, tree.Load());

        (await AclTestClients.CanAuthenticateAsync(redis, user, CoreKey)).Should().BeFalse();
        (await AclTestClients.CanAuthenticateAsync(redis, user, newKey)).Should().BeTrue();
    }
}
