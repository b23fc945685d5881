using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// With no replica to wait for, a new version's event is published by the commit's own transaction: it goes out with
/// the version (one round trip less on the operator's path) and never for a transaction that did not commit.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class AnnouncedCommitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly FollowerEntry Core1 = new("core-1", "core", "key-of-core-1-0123456789");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, bool> _markers = new();

    private static RenderedVersion Version(string content) =>
        new("core", new Dictionary<string, byte[]> { ["core/conf/core.yml"] = Encoding.UTF8.GetBytes(content) });

    [Fact]
    public async Task StoreAsync_AnnouncedAndAnotherWriterMovedTheSerial_PublishesOnlyCommittedSerials()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var events = await SubscribeAsync(keys);
        var store = new VersionStore(redis.Admin, keys, 10, cache: new StoreCache(), trustCache: true);
        var ledger = new MemoryLedger();
        var first = await store.StoreAsync(Version("a: 1"), [Core1], "first", ledger, announce: true);

        // Behind the store's back: the transaction conditioned on serial 1 fails, and its queued event is discarded.
        await redis.Db.StringSetAsync(keys.Serial("core"), 5);
        var second = await store.StoreAsync(Version("a: 2"), [Core1], "second", ledger, announce: true);

        first.Should().Match<StoreResult>(r => r.Serial == 1 && r.Receivers == 1);
        second.Should().Match<StoreResult>(r => r.Outcome == StoreOutcome.Stored && r.Serial == 6 && r.Receivers == 1);
        await Wait.UntilAsync(() => events.Count == 2, Timeout, "two events");
        events.Select(e => e.Serial).Should().Equal(1, 6);
        events[1].Sha256.Should().Be(second.Sha256);
    }

    [Fact]
    public async Task StoreAsync_NotAnnounced_PublishesNothing()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var events = await SubscribeAsync(keys);
        var store = new VersionStore(redis.Admin, keys, 10);

        var result = await store.StoreAsync(Version("a: 1"), [Core1], "first", new MemoryLedger());
        await redis.Admin.GetSubscriber().PublishAsync(keys.Events, "marker");
        await Wait.UntilAsync(() => events.Count > 0 || _markers.ContainsKey(keys.Prefix), Timeout, "the marker");

        result.Receivers.Should().BeNull();
        events.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_NoReplica_RoleReportCountsTheCommitsReceivers()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "domain {{ DOMAIN }}").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        await pipeline.RunAsync(tree.Load(), "first");
        var events = await SubscribeAsync(new RedisKeys(tree.Prefix));
        tree.Value("DOMAIN", "changed.test");

        var report = (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core");

        report.Receivers.Should().Be(1);
        report.Store!.Receivers.Should().Be(1);
        await Wait.UntilAsync(() => events.Count == 1, Timeout, "the event");
        events[0].Serial.Should().Be(report.Store.Serial);
    }

    private async Task<List<ConfigEvent>> SubscribeAsync(RedisKeys keys)
    {
        var events = new List<ConfigEvent>();
        var queue = await redis.Admin.GetSubscriber().SubscribeAsync(keys.Events);
        queue.OnMessage(message =>
        {
            if (EventParser.Parse(message.Message!) is { Event: ConfigEvent config })
            {
                lock (events)
                {
                    events.Add(config);
                }
            }
            else
            {
                _markers[keys.Prefix] = true;
            }
        });
        return events;
    }
}
