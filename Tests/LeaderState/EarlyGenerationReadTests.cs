using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// The generation key read before the state folder's lock (<see cref="StoreLedger.OpenReadAsync"/>, sent with a pass's
/// other first reads): trusted only when it names the generation this folder records; otherwise read again under the lock.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class EarlyGenerationReadTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task OpenReadAsync_EarlyReadOlderThanTheRecord_ReadsAgainAndContinuesTheGeneration()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        long generation;
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            generation = first.Generation;
            await first.ReserveAsync("core", 3, default);
        }

        // As read before another process (holding the lock) started the generation now recorded: absent, then older.
        foreach (var stale in new[] { RedisValue.Null, (RedisValue)(generation - 1) })
        {
            using var next = await StoreLedger.OpenReadAsync(redis.Admin, keys, state, NullLogger.Instance, Task.FromResult(stale));
            next.NewGenerationReason.Should().BeNull("the key, read under the lock, names the recorded generation");
            next.Generation.Should().Be(generation);
            next.HighestStored("core").Should().Be(3);
        }
    }

    [Fact]
    public async Task OpenReadAsync_EarlyReadNamesTheRecordButRedisLostItsData_NewGenerationOnTheNextOpen()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        long generation;
        using (var first = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance))
        {
            generation = first.Generation;
        }

        var early = redis.Admin.GetDatabase().StringGetAsync(keys.Generation);
        await redis.Admin.GetDatabase().KeyDeleteAsync(keys.Generation); // lost after the early read: as if just after a read under the lock
        using (var same = await StoreLedger.OpenReadAsync(redis.Admin, keys, state, NullLogger.Instance, early))
        {
            same.Generation.Should().Be(generation);
        }

        using var next = await StoreLedger.OpenReadAsync(
            redis.Admin, keys, state, NullLogger.Instance, redis.Admin.GetDatabase().StringGetAsync(keys.Generation));
        next.NewGenerationReason.Should().NotBeNull();
        next.Generation.Should().BeGreaterThan(generation);
    }
}
