using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The leader's loop provisions the followers' Redis ACL users (<c>acl.provision</c>, the default) before each pass;
/// a pass an operator's change asks for (an edit, SIGHUP) provisions right after its store instead when the users are
/// made of what the last provisioning used (the prefix, the followers' ids, roles and keys): the change does not wait
/// for the ACL commands, and a user changed by hand is still put back by that pass.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LeaderAclPassTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Provisioned = 40;
    private const int Stored = 11;
    private const int Requested = 33;

    private static bool IsStoredSerial2((int EventId, LogLevel Level, string Message, string Category) entry) =>
        entry.EventId == Stored && entry.Message.Contains("serial 2 ", StringComparison.Ordinal);

    private static IHost StartLeader(string configPath, LogCollector logs) =>
        LeaderHost.Build(configPath, SettingsLoader.Load(configPath).Http with { Enabled = false }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });

    private LeaderTree Tree()
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "domain {{ DOMAIN }}").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        // No periodic check while a test runs: each pass here is one the test asked for.
        tree.Config["checkIntervalSeconds"] = 86_400;
        tree.Save();
        return tree;
    }

    /// <summary>The leader's host, started, once its first pass stored serial 1.</summary>
    private async Task<IHost> StartedAsync(LeaderTree tree, LogCollector logs)
    {
        var host = StartLeader(tree.ConfigPath, logs);
        try
        {
            await host.StartAsync();
            await WaitForSerialAsync(tree, 1);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private async Task WaitForSerialAsync(LeaderTree tree, long serial) =>
        await Wait.UntilAsync(
            async () => await redis.Db.StringGetAsync(new RedisKeys(tree.Prefix).Serial("core")) == serial, TimeSpan.FromSeconds(15), $"core serial {serial}");

    private async Task<bool> UserExistsAsync(string user) =>
        ((string?[]?)await redis.Db.ExecuteAsync("ACL", "USERS") ?? []).Contains(user, StringComparer.Ordinal);

    [Fact]
    public async Task Service_OperatorEditSameFollowers_ProvisionsAfterTheStore()
    {
        using var tree = Tree();
        using var logs = new LogCollector();
        using var host = await StartedAsync(tree, logs);

        tree.Value("DOMAIN", "edited.test").Save();
        await WaitForSerialAsync(tree, 2);
        bool StoredThenProvisioned() => logs.Ours.SkipWhile(e => !IsStoredSerial2(e)).Any(e => e.EventId == Provisioned);
        await Wait.UntilAsync(StoredThenProvisioned, TimeSpan.FromSeconds(15), "serial 2 stored, then the followers' users provisioned");

        // The pass that stored serial 2 (from its request on; the watch may have run a pass before it) provisioned
        // nothing before its store.
        var entries = logs.Ours.ToList();
        var stored = entries.FindIndex(IsStoredSerial2);
        var requested = entries.FindLastIndex(stored, e => e.EventId == Requested);
        requested.Should().BeGreaterThanOrEqualTo(0, "a request started the pass");
        entries.Skip(requested).Take(stored - requested).Should().NotContain(e => e.EventId == Provisioned, "the edit's version is stored before its ACL commands run");
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_OperatorEditAfterUserDeletedByHand_PutsItBack()
    {
        using var tree = Tree();
        using var logs = new LogCollector();
        using var host = await StartedAsync(tree, logs);
        var user = FollowerAcl.UserName(new RedisKeys(tree.Prefix), "core-1");
        await redis.Db.ExecuteAsync("ACL", "DELUSER", user);

        tree.Value("DOMAIN", "edited.test").Save();
        await WaitForSerialAsync(tree, 2);

        await Wait.UntilAsync(() => UserExistsAsync(user), TimeSpan.FromSeconds(15), "the user put back by the edit's pass");
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_OperatorEditAddsFollower_ProvisionsItsUser()
    {
        using var tree = Tree();
        using var logs = new LogCollector();
        using var host = await StartedAsync(tree, logs);

        tree.Follower("core-2", "core", "core-2-key-0123456789abcdef").Value("DOMAIN", "edited.test").Save();
        await WaitForSerialAsync(tree, 2);

        (await UserExistsAsync(FollowerAcl.UserName(new RedisKeys(tree.Prefix), "core-2"))).Should().BeTrue("a changed list is provisioned before the pass");
        await host.StopAsync();
    }
}
