using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using StackExchange.Redis;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// Leader and follower on Redis Sentinel (a master, a replica, three sentinels); the master is SIGKILLed during a
/// burst of changes. Both follow the failover without a restart, and the follower ends on the leader's latest content.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SentinelFailoverTests
{
    private const string Key = "core-1-key-0123456789abcdef";

    [Fact]
    public async Task Burst_MasterKilledMidway_FollowerConvergesToTheLatestContent()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        using var tree = new LeaderTree(cluster.Configuration).Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n")
            .Follower("core-1", "core", Key);
        var settings = tree.Load();
        await using var leaderRedis = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions());
        var pipeline = new PlatformPipeline(leaderRedis, NullLogger<PlatformPipeline>.Instance, _ => null);
        using var root = new TempDirectory();
        var followerSettings = new FollowerSettings
        {
            Id = "core-1", Role = "core", Key = Key, KeyPrefix = tree.Prefix,
            Redis = new PryvBus.Follower.Settings.RedisSettings { Configuration = cluster.Configuration },
            ConfigRoot = root.Combine("pryv"), PollInterval = TimeSpan.FromMilliseconds(500), Containers = null,
        };
        var followerOptions = followerSettings.Redis.ToOptions();
        followerOptions.ReconnectRetryPolicy = new LinearRetry(200);
        await using var followerRedis = await ConnectionMultiplexer.ConnectAsync(followerOptions);
        var follower = await InProcessFollower.StartAsync(followerSettings, services => services
            .AddSingleton<IConnectionMultiplexer>(followerRedis)
            .AddSingleton<IContainerRestarter>(new RecordingRestarter()));

        const int changes = 30;
        for (var i = 1; i <= changes; i++)
        {
            if (i == 10)
            {
                // Not waiting for the failover: the burst goes on against a master that is gone.
                _ = cluster.KillMasterAsync();
            }

            tree.Value("DOMAIN", $"v{i}.test");
            await RenderWithRetriesAsync(pipeline, tree.Load());
        }

        // What the leader service does on reconnection and periodically: check that Redis still has what it stored.
        await RenderWithRetriesAsync(pipeline, tree.Load());
        using var applier = new ConfigApplier(followerSettings, NullLogger<ConfigApplier>.Instance);
        await Wait.UntilAsync(
            async () => File.Exists(root.Combine("pryv", "core", "conf", "core.yml"))
                && await File.ReadAllTextAsync(root.Combine("pryv", "core", "conf", "core.yml")) == $"domain: v{changes}.test\n"
                && applier.ReadApplied()?.Serial == (long)await leaderRedis.GetDatabase().StringGetAsync($"{tree.Prefix}:serial:core"),
            TimeSpan.FromSeconds(60),
            "the follower to apply the latest content at the leader's current serial");

        await follower.DisposeAsync();
        ((long)await leaderRedis.GetDatabase().StringGetAsync($"{tree.Prefix}:serial:core")).Should()
            .BeGreaterThanOrEqualTo(changes, "serials only grow, even across the failover");
    }

    /// <summary>
    /// Runs passes until one stores every role: while the master is gone and the sentinels have not promoted the replica
    /// yet, a pass fails to open (a Redis error) or a role fails on its way (its replica's wait refused), and the service's
    /// next pass (on reconnection, or the periodic one) takes it again, as here.
    /// </summary>
    private static async Task RenderWithRetriesAsync(PlatformPipeline pipeline, LeaderSettings settings) =>
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    return (await pipeline.RunAsync(settings, "burst")).All(r => !r.Failed);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "a pass that stores every role across the failover");
}
