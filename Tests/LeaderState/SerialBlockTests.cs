using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using StackExchange.Redis;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// Serials reserved in blocks (<see cref="StoreLedger.Block"/>): a store inside the block writes no durable record before
/// its commit, and a pass that did not end (killed) or a record of another boot makes the next serial go above the block.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SerialBlockTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ReserveAsync_InsideTheReservedBlock_WritesNoRecordUntilThePassEnds()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        var record = Path.Combine(state, StoreRecordFile.FileName);
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        var settled = await File.ReadAllBytesAsync(record);
        using (var second = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            second.HighestStored("core").Should().Be(1, "the last pass ended: its exact serial is trusted");
            await second.ReserveAsync("core", 2, default);

            (await File.ReadAllBytesAsync(record)).Should().Equal(settled, "serial 2 is inside the block reserved with serial 1");
            PendingMarker.IsPending(Path.Combine(state, StoreLedger.PendingFile)).Should().BeTrue("a pass killed now must not be trusted");
        }

        var document = new StoreRecordFile(state).Read(out var problem);
        problem.Should().BeNull();
        document.Stores[keys.Prefix].Serials["core"].Should().Be(2);
        document.Stores[keys.Prefix].Reserved["core"].Should().Be(StoreLedger.Block);
        (await File.ReadAllTextAsync(Path.Combine(state, StoreLedger.PendingFile))).Should().Be(PendingMarker.Cleared, "cleared in place, not removed");
    }

    [Fact]
    public async Task OpenAsync_MarkerClearedByThePassEnd_ExactSerialTrustedAndTheMarkerRewrittenInPlace()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        var marker = Path.Combine(state, StoreLedger.PendingFile);
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        var inode = PryvBus.Leader.Rendering.NativeFiles.IdentityOf(marker)!.Value.Inode;
        using (var second = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            second.HighestStored("core").Should().Be(1, "the cleared marker names nothing in flight");
            await second.ReserveAsync("core", 2, default);
            PendingMarker.ReadRoles(marker).Should().BeEquivalentTo([(keys.Prefix, "core")]);
        }

        PryvBus.Leader.Rendering.NativeFiles.IdentityOf(marker)!.Value.Inode.Should().Be(inode, "the marker is rewritten, never created anew");
        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(2);
    }

    [Fact]
    public async Task OpenAsync_ClearKilledBeforeItsCut_TakesTheWholeBlockAsHandedOut()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        // A marker whose clear wrote its text over the roles' lines and was killed before cutting the rest away.
        await File.WriteAllTextAsync(Path.Combine(state, StoreLedger.PendingFile), PendingMarker.Cleared + $"{keys.Prefix}\tcore\n");

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block, "a marker that is not exactly the cleared text cannot tell");
    }

    [Fact]
    public async Task OpenAsync_PassThatDidNotEnd_TakesTheWholeBlockAsHandedOut()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        await File.WriteAllBytesAsync(Path.Combine(state, StoreLedger.PendingFile), []); // as an older leader's marker (empty meant in flight)

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block);
    }

    [Fact]
    public async Task OpenAsync_RecordOfAnotherBoot_TakesTheWholeBlockAsHandedOut()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        // The pending marker is not fsynced: after a reboot it may be gone, so a record of another boot is not trusted.
        var file = new StoreRecordFile(state);
        var document = file.Read(out _);
        document.Boot = "00000000-0000-0000-0000-000000000000";
        file.Write(document);

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block);
    }

    [Fact]
    public async Task Render_LeaderKilledAfterItsCommitThenRedisLosesIt_NextSerialGoesAboveTheBlock()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        using var tree = new LeaderTree(cluster.Configuration).Template("core", "a.conf", "domain {{ DOMAIN }}")
            .Follower("core-1", "core", "core-1-key-0123456789abcdef");
        tree.Config["replicaWaitMs"] = 4_000; // the frozen replica holds the pass longest: the kill lands inside it on a busy machine too
        await using var connection = await ConnectionMultiplexer.ConnectAsync(tree.Load().Redis.ToOptions());
        var db = connection.GetDatabase();
        var keys = new RedisKeys(tree.Prefix);
        await new PlatformPipeline(connection, NullLogger<PlatformPipeline>.Instance, _ => null).RunAsync(tree.Load(), "first");
        tree.Value("DOMAIN", "two.test");
        var config = tree.Save();

        // A frozen replica holds the pass after its commit (it waits for the replica before announcing): SIGKILL it there.
        await cluster.SignalReplicaAsync("STOP");
        try
        {
            using var render = ProgramProcess.Start("Leader", "pryvbus-leader", ["render", "--config", config]);
            await Wait.UntilAsync(async () => (long?)await db.StringGetAsync(keys.Serial("core")) == 2, TimeSpan.FromSeconds(60), "serial 2 committed");
            PendingMarker.ReadRoles(Path.Combine(tree.Load().StateDirectory, StoreLedger.PendingFile)).Should().Contain((tree.Prefix, "core"));
        }
        finally
        {
            await cluster.SignalReplicaAsync("CONT");
        }

        // A failover to a replica that missed serial 2: it may already be on a follower.
        await db.StringSetAsync(keys.Serial("core"), 1);
        await db.KeyDeleteAsync([keys.Config("core", 2), keys.Meta("core", 2)]);
        var reports = await new PlatformPipeline(connection, NullLogger<PlatformPipeline>.Instance, _ => null).RunAsync(tree.Load(), "restarted");

        reports.Single().Store!.Serial.Should().BeGreaterThan(2, "serial 2 was handed out by the killed pass");
        reports.Single().Store!.Serial.Should().Be(StoreLedger.Block + 1);
    }
}
