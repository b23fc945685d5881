using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>The leader's durable ledger: one writer at a time across processes, records that survive a restart.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StoreLedgerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task OpenAsync_WhileAnotherPassHoldsTheLock_WaitsForIt()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);

        var second = StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance);
        // A bounded look for something that must NOT happen (the lock polls with LOCK_NB, so no blocked waiter shows
        // in /proc/locks to wait for): a broken lock lets the second open finish at once and fails the next line.
        await Task.WhenAny(second, Task.Delay(300));
        second.IsCompleted.Should().BeFalse("the first pass still holds store.lock");
        await first.ReserveAsync("core", 7, default);
        first.Dispose();

        using var next = await second.WaitAsync(TimeSpan.FromSeconds(10));
        next.Generation.Should().Be(first.Generation, "the record names the generation in Redis: it is continued");
        next.HighestStored("core").Should().Be(7);
        next.NewGenerationReason.Should().BeNull();
    }

    [Fact]
    public async Task OpenAsync_LockHeldByAnotherProcess_WaitsUntilItExits()
    {
        using var temp = new TempDirectory();
        var state = temp.Combine("state");
        StateFiles.EnsureFolder(state);
        // flock(1) plays a CLI verb of another process: it says "locked" once it holds the lock, then keeps it a moment.
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "flock", ["--exclusive", Path.Combine(state, StoreLedger.LockFile), "sh", "-c", "echo locked; sleep 1"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        (await holder.StandardOutput.ReadLineAsync()).Should().Be("locked");

        using var ledger = await StoreLedger.OpenAsync(redis.Admin, new RedisKeys(RedisServer.NewPrefix()), state, NullLogger.Instance);

        holder.HasExited.Should().BeTrue("the lock is only granted once the other process let it go");
    }
}
