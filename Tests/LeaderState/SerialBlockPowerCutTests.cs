using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// Should a power cut lose what the end of a pass recorded in <c>store.json</c> (and the marker), the record the disk
/// kept is of another boot: every block reserved in it is taken as handed out.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SerialBlockPowerCutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task OpenAsync_PassEndsLostInAPowerCut_NextSerialAboveTheDurableBlock()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        var record = Path.Combine(state, StoreRecordFile.FileName);
        byte[] durable;
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance, "boot-before-the-cut"))
        {
            await first.ReserveAsync("core", 1, default);
            durable = await File.ReadAllBytesAsync(record); // the block's reservation: fsynced before serial 1 was handed out
        }

        for (var serial = 2; serial <= 5; serial++)
        {
            using var pass = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance, "boot-before-the-cut");
            pass.HighestStored("core").Should().Be(serial - 1, "the last pass ended in this boot: its exact serials are trusted");
            await pass.ReserveAsync("core", serial, default);
        }

        // The power cut: what was not fsynced is gone (the pass ends' records, the marker); the machine boots again.
        await File.WriteAllBytesAsync(record, durable);
        File.Delete(Path.Combine(state, StoreLedger.PendingFile));

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance, "boot-after-the-cut");
        next.HighestStored("core").Should().Be(StoreLedger.Block, "serials up to 5 were handed out, all inside the durable block");
        next.NewGenerationReason.Should().BeNull();
    }
}
