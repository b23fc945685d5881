using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.LeaderState;

/// <summary>Redis losing everything, as a restart without persistence or a failover to an empty replica does.</summary>
internal static class StoreLoss
{
    public static async Task FlushAllAsync(RedisServer redis)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},allowAdmin=true");
        await admin.GetServer(redis.Endpoint).FlushAllDatabasesAsync();
    }
}
