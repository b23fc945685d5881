using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// store.pending and the boot stamp cover the whole state folder, which two key prefixes may share (a second config,
/// a prefix changed and back): a pass on one prefix must not make another prefix's unsettled block trusted.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SerialBlockSharedFolderTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task OpenAsync_PendingOfPrefixARemovedByAPassOnPrefixB_ATakesItsBlockAsHandedOut()
    {
        using var temp = new TempDirectory();
        var a = new RedisKeys(RedisServer.NewPrefix());
        var b = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, a, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        // Prefix A's next pass handed out serial 2 inside its block (no record write), committed it, was SIGKILLed.
        await File.WriteAllBytesAsync(Path.Combine(state, StoreLedger.PendingFile), []);
        using (var other = await StoreLedger.OpenAsync(redis.Admin, b, state, NullLogger.Instance))
        {
            await other.ReserveAsync("core", 1, default);
        }

        PendingMarker.IsPending(Path.Combine(state, StoreLedger.PendingFile)).Should().BeFalse();
        using var next = await StoreLedger.OpenAsync(redis.Admin, a, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block, "serial 2 of prefix A may have been handed out by the killed pass");
    }

    [Fact]
    public async Task OpenAsync_RecordOfAnotherBootOpenedFirstForPrefixB_ATakesItsBlockAsHandedOut()
    {
        using var temp = new TempDirectory();
        var a = new RedisKeys(RedisServer.NewPrefix());
        var b = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, a, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
        }

        // Power loss: A's pass had committed serial 2 inside its block; the marker (not fsynced) did not survive.
        var file = new StoreRecordFile(state);
        var document = file.Read(out _);
        document.Boot = "00000000-0000-0000-0000-000000000000";
        file.Write(document);

        // After the reboot the first pass is on prefix B (opening starts its generation and stamps the boot).
        using (await StoreLedger.OpenAsync(redis.Admin, b, state, NullLogger.Instance))
        {
        }

        using var next = await StoreLedger.OpenAsync(redis.Admin, a, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block, "A's record was written in another boot");
    }
}
