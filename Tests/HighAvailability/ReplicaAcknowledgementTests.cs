using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.HighAvailability;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ReplicaAcknowledgementTests
{
    [Fact]
    public async Task Run_ReplicaNotAcknowledging_StoresButDoesNotAnnounce()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        using var tree = new LeaderTree(cluster.Configuration).Template("core", "a.conf", "{{ DOMAIN }}");
        var settings = tree.Load();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(settings.Redis.ToOptions());
        var pipeline = new PlatformPipeline(redis, NullLogger<PlatformPipeline>.Instance, _ => null);
        var announced = 0;
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"{tree.Prefix}:events"), (_, _) => Interlocked.Increment(ref announced));

        var replicated = await pipeline.RunAsync(settings, "replica up");
        await cluster.SignalReplicaAsync("STOP");
        tree.Value("DOMAIN", "changed.test");
        var unreplicated = await pipeline.RunAsync(tree.Load(), "replica frozen");
        await cluster.SignalReplicaAsync("CONT");

        replicated.Single().Receivers.Should().Be(1, "a replica acknowledged serial 1, so it was announced");
        unreplicated.Single().Store!.Serial.Should().Be(2);
        unreplicated.Single().Receivers.Should().Be(0, "serial 2 could still be lost in a failover: followers find it by polling");
        await Wait.UntilAsync(() => Volatile.Read(ref announced) == 1, TimeSpan.FromSeconds(5), "the first announcement");
    }
}
