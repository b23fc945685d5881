using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// A pass killed in the same boot: store.pending names the roles that were given a serial, so only their blocks are
/// taken as handed out; the other roles keep their exact serials (not stored again after the restart).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SerialBlockInFlightTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task OpenAsync_PassKilledWhileStoringOneRole_OnlyThatRoleTakesItsBlock()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
            await first.ReserveAsync("web", 1, default);
        }

        await KillAfterAsync(state, async ledger => await ledger.ReserveAsync("core", 2, default), keys);

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block, "serial 2 of core may have been handed out");
        next.HighestStored("web").Should().Be(1, "the killed pass gave web no serial");
    }

    [Fact]
    public async Task OpenAsync_MarkerCutInItsLastLine_EveryRoleTakesItsBlock()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await first.ReserveAsync("core", 1, default);
            await first.ReserveAsync("web", 1, default);
        }

        // Killed while naming "web": what is left could name another role ("we").
        await File.WriteAllTextAsync(Path.Combine(state, StoreLedger.PendingFile), $"{keys.Prefix}\tcore\n{keys.Prefix}\twe");

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        next.HighestStored("core").Should().Be(StoreLedger.Block);
        next.HighestStored("web").Should().Be(StoreLedger.Block);
    }

    /// <summary>Runs a pass and leaves the state folder as a SIGKILL after <paramref name="pass"/> would: its end not recorded.</summary>
    private async Task KillAfterAsync(string state, Func<StoreLedger, Task> pass, RedisKeys keys)
    {
        var record = Path.Combine(state, StoreRecordFile.FileName);
        var pending = Path.Combine(state, StoreLedger.PendingFile);
        byte[] recordAtKill;
        byte[] pendingAtKill;
        using (var ledger = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            await pass(ledger);
            recordAtKill = await File.ReadAllBytesAsync(record);
            pendingAtKill = await File.ReadAllBytesAsync(pending);
        }

        await File.WriteAllBytesAsync(record, recordAtKill);
        await File.WriteAllBytesAsync(pending, pendingAtKill);
    }
}
