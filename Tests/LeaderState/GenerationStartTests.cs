using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// A new store generation is written only if the key still holds what was read; when that transaction does not run and
/// no other writer's value is there either (Redis restarting empty in between: a flaky failure of
/// <c>LeaderOutageLogTests</c>, "generation holds '(nothing)'"), the leader starts again instead of failing its pass.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class GenerationStartTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task OpenAsync_FirstGenerationTransactionDoesNotRunAndNoOneWon_StartsAgain()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var rigged = 1;

        // The first transaction gets a condition that fails (a key no one has): it does not run, as when Redis went away.
        var multiplexer = InterceptingProxy<IConnectionMultiplexer>.Create(redis.Admin, (method, result) =>
            method.Name != nameof(IConnectionMultiplexer.GetDatabase) ? result : InterceptingProxy<IDatabase>.Create((IDatabase)result!, (call, value) =>
            {
                if (call.Name == nameof(IDatabase.CreateTransaction) && Interlocked.Exchange(ref rigged, 0) == 1)
                {
                    ((ITransaction)value!).AddCondition(Condition.KeyExists(keys.Prefix + ":no-such-key"));
                }

                return value;
            }));

        using var ledger = await StoreLedger.OpenAsync(multiplexer, keys, temp.Combine("state"), NullLogger.Instance);

        rigged.Should().Be(0, "the first transaction was the rigged one");
        var generation = await redis.Admin.GetDatabase().StringGetAsync(keys.Generation);
        ((long)generation).Should().BePositive();
        ledger.Generation.Should().Be((long)generation);
    }
}
