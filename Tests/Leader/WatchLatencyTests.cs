using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The watch renders on the first change instead of waiting a quiet period, and coalesces a burst: counted in renders
/// and stored versions, never timed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class WatchLatencyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int InputsChanged = 30;

    private static IHost StartLeader(string configPath, LogCollector logs) =>
        LeaderHost.Build(configPath, SettingsLoader.Load(configPath).Http with { Enabled = false }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });

    private static LeaderTree Tree(string endpoint)
    {
        var tree = new LeaderTree(endpoint).Template("core", "a.conf", "v0");
        // The longest a burst may postpone a render: one minute. Only a render on the first change passes in time.
        tree.Config["watchDebounceMs"] = 60_000;
        tree.Save();
        return tree;
    }

    [Fact]
    public async Task Watch_OneEditWithAMinuteOfDebounce_RendersWithoutWaitingIt()
    {
        using var tree = Tree(redis.Endpoint);
        var leader = new LeaderHarness(redis, tree);
        using var logs = new LogCollector();
        using var host = StartLeader(tree.ConfigPath, logs);
        await host.StartAsync();
        await Wait.UntilAsync(async () => await redis.Db.StringGetAsync(leader.Keys.Serial("core")) == 1, TimeSpan.FromSeconds(15), "the first version");

        tree.Template("core", "a.conf", "v1");

        await Wait.UntilAsync(async () => await redis.Db.StringGetAsync(leader.Keys.Serial("core")) == 2, TimeSpan.FromSeconds(15), "the edit stored");
        (await leader.FileAsync("core", "a.conf")).Should().Be("v1");
        await host.StopAsync();
    }

    [Fact]
    public async Task Watch_BurstOfEdits_RendersTheLastContentInFarFewerRenders()
    {
        const int edits = 50;
        using var tree = Tree(redis.Endpoint);
        var leader = new LeaderHarness(redis, tree);
        using var logs = new LogCollector();
        using var host = StartLeader(tree.ConfigPath, logs);
        await host.StartAsync();
        await Wait.UntilAsync(async () => await redis.Db.StringGetAsync(leader.Keys.Serial("core")) == 1, TimeSpan.FromSeconds(15), "the first version");

        for (var i = 1; i <= edits; i++)
        {
            tree.Template("core", "a.conf", $"v{i}");
        }

        await Wait.UntilAsync(async () => await leader.FileAsync("core", "a.conf") == $"v{edits}", TimeSpan.FromSeconds(15), "the last edit stored");
        var renders = logs.Ours.Count(e => e.EventId == InputsChanged);
        var stored = (long)await redis.Db.StringGetAsync(leader.Keys.Serial("core")) - 1;
        renders.Should().BeInRange(1, edits / 5, "a burst of {0} edits is coalesced", edits);
        stored.Should().BeInRange(1, edits / 5);
        await host.StopAsync();
    }
}
