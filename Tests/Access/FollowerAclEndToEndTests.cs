using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>The whole follower flow under its provisioned ACL user (its own server: ACL LOG must hold only its denials).</summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public class FollowerAclEndToEndTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Follower_WithItsAclUser_ConvergesReportsAndNeedsNothingElse()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template(LeaderDouble.Role, "a.conf", "x")
            .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);
        using var temp = new TempDirectory();
        var keys = new RedisKeys(tree.Prefix);
        var user = FollowerAcl.UserName(keys, LeaderDouble.FollowerId);
        (await AclTestClients.ProvisionAsync(redis, tree.Load())).Users.Should().Equal(user);
        var leader = new LeaderDouble(redis.Admin, tree.Prefix);
        var settings = Settings(tree.Prefix, user, temp.Combine("pryv"));
        var restarter = new RecordingRestarter();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions());
        var follower = await InProcessFollower.StartAsync(settings, services => services
            .AddSingleton<IConnectionMultiplexer>(connection)
            .AddSingleton<IContainerRestarter>(restarter));

        var first = await leader.PublishAsync(new Dictionary<string, string> { ["nginx/site.conf"] = "one" });
        await WaitForAppliedAsync(keys, first);
        var second = await leader.PublishAsync(new Dictionary<string, string> { ["nginx/site.conf"] = "two", ["core/secret.yml"] = "s" }, ["core/secret.yml"]);
        await WaitForAppliedAsync(keys, second);

        // The same content again: an event for the applied serial, answered by reading only that version's head.
        await redis.Db.HashSetAsync(keys.Follower(LeaderDouble.FollowerId), StatusFields.Updated, "marker");
        (await leader.PublishAsync(new Dictionary<string, string> { ["nginx/site.conf"] = "two", ["core/secret.yml"] = "s" }, ["core/secret.yml"])).Should().Be(second);
        await Wait.UntilAsync(
            async () => (await redis.Db.HashGetAsync(keys.Follower(LeaderDouble.FollowerId), StatusFields.Updated)) != "marker",
            TimeSpan.FromSeconds(10),
            "the follower to check the applied version again");
        (await redis.Db.HashGetAsync(keys.Follower(LeaderDouble.FollowerId), StatusFields.State)).Should().Be(FollowerState.Ok);
        await leader.PublishRawAsync("reload core nginx");
        await Wait.UntilAsync(() => restarter.Calls.Any(c => c.Reason == "reload event"), TimeSpan.FromSeconds(10), "the reload event");
        await Wait.UntilAsync(
            async () => (await redis.Db.HashGetAsync(keys.Follower(LeaderDouble.FollowerId), StatusFields.RestartReason)) == "reload event",
            TimeSpan.FromSeconds(10),
            "the restart to be reported");
        await follower.DisposeAsync();

        File.ReadAllText(temp.Combine("pryv", "nginx", "site.conf")).Should().Be("two");
        (await AclTestClients.DeniedAsync(redis, user)).Should().BeEmpty("the follower sends nothing its ACL does not grant");
    }

    [Fact]
    public async Task Follower_WithItsAclUser_NeverSendsItsKey()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template(LeaderDouble.Role, "a.conf", "x")
            .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);
        using var temp = new TempDirectory();
        var keys = new RedisKeys(tree.Prefix);
        var user = FollowerAcl.UserName(keys, LeaderDouble.FollowerId);
        await AclTestClients.ProvisionAsync(redis, tree.Load());
        await using var relay = new RecordingRelay(redis.Port);
        var settings = Settings(tree.Prefix, user, temp.Combine("pryv"), relay.Endpoint);

        await using (var connection = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions()))
        {
            (await connection.GetDatabase().StringGetAsync(keys.Serial(LeaderDouble.Role))).IsNull.Should().BeTrue("the follower's user is let in");
        }

        var sent = System.Text.Encoding.ASCII.GetString(relay.Sent());
        sent.Should().Contain("AUTH").And.Contain(user);
        sent.Should().NotContain(LeaderDouble.FollowerKey, "the key signs versions: whoever reads the connection must not learn it");
    }

    private async Task WaitForAppliedAsync(RedisKeys keys, long serial) =>
        await Wait.UntilAsync(
            async () => (await redis.Db.HashGetAllAsync(keys.Follower(LeaderDouble.FollowerId))).ToDictionary(e => (string)e.Name!, e => (string?)e.Value) is var s
                && s.GetValueOrDefault(StatusFields.Serial) == serial.ToString(CultureInfo.InvariantCulture)
                && s.GetValueOrDefault(StatusFields.State) == FollowerState.Ok,
            TimeSpan.FromSeconds(10),
            $"version {serial} to be applied and reported");

    /// <summary>Read like the real file: a user and no password, so the key is the password.</summary>
    private FollowerSettings Settings(string prefix, string user, string root, string? endpoint = null) => FollowerSettingsLoader.Parse(
        new JsonObject
        {
            ["id"] = LeaderDouble.FollowerId,
            ["role"] = LeaderDouble.Role,
            ["key"] = LeaderDouble.FollowerKey,
            ["keyPrefix"] = prefix,
            ["redis"] = new JsonObject { ["configuration"] = endpoint ?? redis.Endpoint, ["user"] = user },
            ["configRoot"] = root,
            ["pollIntervalSeconds"] = 3600,
        }.ToJsonString(),
        "config-follower.json",
        _ => null);
}
