using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.LeaderState;

/// <summary>Item 13 with the leader service itself: Redis emptied under a running leader.</summary>
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
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddPryvBusLeader(tree.ConfigPath);
        using var host = builder.Build();
        await host.StartAsync();
        await Wait.UntilAsync(async () => await leader.CurrentAsync("core") is not null, TimeSpan.FromSeconds(15), "the first version");
        var before = (await leader.CurrentAsync("core"))!.Files["core/conf/core.yml"];

        await StoreLoss.FlushAllAsync(redis);
        await Wait.UntilAsync(async () => await leader.CurrentAsync("core") is not null, TimeSpan.FromSeconds(15), "the version stored again");
        await host.StopAsync();

        (await leader.CurrentAsync("core"))!.Files["core/conf/core.yml"].Should().Equal(before);
        logs.Entries.Should().Contain(e => e.EventId == 2301 && e.Message.Contains("role:core SSO"));
        logs.Entries.Where(e => e.EventId == 15).Should().ContainSingle("the secret was generated once, at the first start");
    }
}
