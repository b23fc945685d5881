using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
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

    [Fact]
    public async Task WaitForReplica_MasterGoneBeforeAFailover_IsNotAnsweredByTheReplica()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        using var tree = new LeaderTree(cluster.Configuration);
        var options = tree.Load().Redis.ToOptions();
        options.AsyncTimeout = 1000;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var store = new VersionStore(redis, new RedisKeys(tree.Prefix), 20);
        (await store.ReplicaCountAsync()).Should().Be(1);

        // No failover: the master killed, then the sentinels stopped within their second of patience, the replica left a
        // replica.
        await cluster.KillMasterAsync();
        await cluster.SignalSentinelsAsync("STOP");
        await Wait.UntilAsync(
            () => !redis.GetServers().Any(s => s.IsConnected && !s.IsReplica), TimeSpan.FromSeconds(5), "the client to see the master gone");
        var waited = () => store.WaitForReplicaAsync(TimeSpan.FromMilliseconds(100));

        // Before: the replica answered INFO with no replica of its own, so the version counted as replicated.
        await waited.Should().ThrowAsync<Exception>().Where(e => e is RedisException || e is TimeoutException);
        await cluster.SignalSentinelsAsync("CONT");
    }
}
