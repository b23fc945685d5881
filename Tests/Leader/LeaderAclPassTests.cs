using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The leader's loop provisions the followers' Redis ACL users (<c>acl.provision</c>, the default) at start, on
/// reconnection and at each periodic check; an operator's change (an edit, SIGHUP) provisions only when what the users
/// are made of (the prefix, the followers' ids, roles and keys) changed, so its pass does not wait for the ACL commands.
/// Commands are counted with <c>INFO commandstats</c> of this class's own redis-server.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LeaderAclPassTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static IHost StartLeader(string configPath) =>
        LeaderHost.Build(configPath, SettingsLoader.Load(configPath).Http with { Enabled = false }, logging => logging.ClearProviders());

    private LeaderTree Tree()
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "domain {{ DOMAIN }}").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        // No periodic check while a test runs: each pass here is one the test asked for.
        tree.Config["checkIntervalSeconds"] = 86_400;
        tree.Save();
        return tree;
    }

    private async Task WaitForSerialAsync(LeaderTree tree, long serial) =>
        await Wait.UntilAsync(
            async () => await redis.Db.StringGetAsync(new PryvBus.Shared.RedisKeys(tree.Prefix).Serial("core")) == serial, TimeSpan.FromSeconds(15), $"core serial {serial}");

    private async Task<string[]> UsersAsync() => [.. ((string?[]?)await redis.Db.ExecuteAsync("ACL", "USERS") ?? []).OfType<string>()];

    [Fact]
    public async Task Service_OperatorEditSameFollowers_SendsNoAclCommand()
    {
        using var tree = Tree();
        using var host = StartLeader(tree.ConfigPath);
        await host.StartAsync();
        await WaitForSerialAsync(tree, 1);
        (await UsersAsync()).Should().Contain(FollowerAcl.UserName(new PryvBus.Shared.RedisKeys(tree.Prefix), "core-1"), "the start provisions");

        var counts = await CommandStats.DuringAsync(redis, async () =>
        {
            tree.Value("DOMAIN", "edited.test").Save();
            await WaitForSerialAsync(tree, 2);
        });

        counts.Where(c => c.Key.StartsWith("acl|", StringComparison.Ordinal) && c.Value > 0).Select(c => $"{c.Key} × {c.Value}").Should().BeEmpty();
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_OperatorEditAddsFollower_ProvisionsItsUser()
    {
        using var tree = Tree();
        using var host = StartLeader(tree.ConfigPath);
        await host.StartAsync();
        await WaitForSerialAsync(tree, 1);

        tree.Follower("core-2", "core", "core-2-key-0123456789abcdef").Value("DOMAIN", "edited.test").Save();
        await WaitForSerialAsync(tree, 2);

        (await UsersAsync()).Should().Contain(FollowerAcl.UserName(new PryvBus.Shared.RedisKeys(tree.Prefix), "core-2"));
        await host.StopAsync();
    }
}
