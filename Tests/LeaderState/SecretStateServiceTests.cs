using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.LeaderState;

/// <summary>Item 13 with the leader service itself: Redis emptied under a running leader.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SecretStateServiceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Service_RedisEmptiedWhileRunning_NextCheckStoresTheSameSecrets()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\n");
        tree.Config["checkIntervalSeconds"] = 1;
        tree.Save();
        var leader = new LeaderHarness(redis, tree);
        using var logs = new LogCollector();
        using var host = LeaderHost.Build(tree.ConfigPath, SettingsLoader.Load(tree.ConfigPath).Http with { Enabled = false }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
            logging.SetMinimumLevel(LogLevel.Debug);
        });
        await host.StartAsync();
        await Wait.UntilAsync(async () => await leader.CurrentAsync("core") is not null, TimeSpan.FromSeconds(15), "the first version");
        var before = (await leader.CurrentAsync("core"))!.Files["core/conf/core.yml"];
        // The first pass is over only when a later one found the role unchanged: flushing earlier races its last writes.
        await Wait.UntilAsync(() => logs.Has(12), TimeSpan.FromSeconds(15), "a pass that finds the role unchanged");

        await StoreLoss.FlushAllAsync(redis);
        // A pass already running at the flush may store the version again before any check sees the loss:
        // wait for the restore itself, not only for a current version.
        await Wait.UntilAsync(async () => logs.Has(2301) && await leader.CurrentAsync("core") is not null, TimeSpan.FromSeconds(15), "the secrets restored and the version stored again");
        await host.StopAsync();

        (await leader.CurrentAsync("core"))!.Files["core/conf/core.yml"].Should().Equal(before);
        logs.Ours.Should().Contain(e => e.EventId == 2301 && e.Message.Contains("role:core SSO"));
        logs.Ours.Where(e => e.EventId == 15).Should().ContainSingle("the secret was generated once, at the first start");
    }
}
