using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.HighAvailability;

public sealed class SentinelProbeTests
{
    [Fact]
    public async Task Multiplexer_ServiceName_FollowsFailover()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        var options = ConfigurationOptions.Parse(cluster.Configuration);
        options.AbortOnConnectFail = false;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        await redis.GetDatabase().StringSetAsync("probe", "1");

        var old = await cluster.KillMasterAsync();
        await cluster.WaitForFailoverAsync(old, TimeSpan.FromSeconds(30));

        await Wait.UntilAsync(async () =>
        {
            try
            {
                await redis.GetDatabase().StringSetAsync("probe", "2");
                return true;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "writes to the new master");
    }
}
