using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Without a replica to wait for, a version's config event is published by the transaction that stores it: it reaches the
/// followers as the version becomes current, one round trip sooner, and never for a transaction that did not commit.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class CommitEventTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly FollowerEntry Core1 = new("core-1", "core", "key-of-core-1-0123456789");

    [Fact]
    public async Task Run_NoReplica_PublishesTheEventInsideTheStoreTransaction()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};");
        var keys = new RedisKeys(tree.Prefix);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance);
        await pipeline.RunAsync(tree.Load(), "first");
        tree.Value("DOMAIN", "changed.test");
        await using var monitor = await RedisMonitor.StartAsync(redis.Port);

        var report = (await pipeline.RunAsync(tree.Load(), "second", trustStored: true)).Single();
        await redis.Db.PingAsync(); // on the pipeline's own connection: every command of the pass was run before it

        report.Store!.Serial.Should().Be(2);
        report.Receivers.Should().Be(0, "nobody subscribed");
        var commands = await LeaderCommandsAsync(monitor, keys);
        var publish = commands.FindIndex(c => c[0] == "PUBLISH");
        publish.Should().BeGreaterThan(0, "the event was published");
        commands.Take(publish).Last(c => c[0] is "MULTI" or "EXEC")[0].Should().Be("MULTI", "the event is part of the store's transaction");
        commands.Skip(publish).First(c => c[0] is "MULTI" or "EXEC")[0].Should().Be("EXEC");
        commands.Take(publish).Should().Contain(c => c[0] == "SET" && c[1] == (string)keys.Serial("core")!, "the serial moved in the same transaction");
    }

    [Fact]
    public async Task StoreAsync_TransactionLost_PublishesOnlyTheCommittedSerial()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var received = new List<string>();
        var queue = await redis.Admin.GetSubscriber().SubscribeAsync(keys.Events);
        try
        {
            await StoreRacedAsync(keys, queue, received);
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    private async Task StoreRacedAsync(RedisKeys keys, ChannelMessageQueue queue, List<string> received)
    {
        var ledger = new MemoryLedger();
        await new VersionStore(redis.Admin, keys, 10).StoreAsync(Version("a: 1"), [Core1], "first", ledger);

        // Another writer moves the serial while the next store builds its transaction (its meta's time stamp is taken then).
        var racing = new RacingTime(() => redis.Db.StringSet(keys.Serial("core"), 7));
        var result = await new VersionStore(redis.Admin, keys, 10, racing).StoreAsync(
            Version("a: 2"), [Core1], "second", ledger, eventAt: (serial, sha256) => new ConfigEvent("core", serial, sha256).ToJson());
        await redis.Db.PublishAsync(keys.Events, "end");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((string?)(await queue.ReadAsync(timeout.Token)).Message is { } message && message != "end")
        {
            received.Add(message);
        }

        result.Serial.Should().Be(8, "the first attempt lost its condition; the second stored above the other writer's serial");
        result.Published.Should().Be(1, "the event went out with the commit");
        received.Should().ContainSingle().Which.Should().Be(new ConfigEvent("core", 8, result.Sha256).ToJson());
    }

    private static RenderedVersion Version(string content) =>
        new("core", new Dictionary<string, byte[]> { ["core/conf/core.yml"] = Encoding.UTF8.GetBytes(content) });

    /// <summary>The commands of the client that published on the prefix's channel, in the order the server ran them.</summary>
    private static async Task<List<string[]>> LeaderCommandsAsync(RedisMonitor monitor, RedisKeys keys)
    {
        var channel = keys.Events.ToString();
        string? client = null;
        await Wait.UntilAsync(
            () => (client = monitor.Commands.FirstOrDefault(c => c.Args is ["PUBLISH" or "publish", var ch, ..] && ch == channel).Client) is not null,
            TimeSpan.FromSeconds(10), "the PUBLISH seen by MONITOR");
        List<string[]> Of() => monitor.Commands.Where(c => c.Client == client && c.Args.Length > 0).Select(c => (string[])[c.Args[0].ToUpperInvariant(), .. c.Args[1..]]).ToList();
        await Wait.UntilAsync(() => Of().SkipWhile(c => c[0] != "PUBLISH").Any(c => c[0] == "PING"), TimeSpan.FromSeconds(10), "the PING sent after the pass");
        return Of();
    }

    /// <summary>A clock whose first reading runs <paramref name="race"/> (the other writer), then tells the real time.</summary>
    private sealed class RacingTime(Action race) : TimeProvider
    {
        private int _calls;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                race();
            }

            return base.GetUtcNow();
        }
    }
}
