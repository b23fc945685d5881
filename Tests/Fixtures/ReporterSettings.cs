using PryvBus.Follower.Settings;

namespace PryvBus.Tests.Fixtures;

/// <summary>The settings of a follower whose status reporter alone is under test: its own key prefix on <paramref name="redis"/>'s server.</summary>
public static class ReporterSettings
{
    public static FollowerSettings For(RedisServer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return new FollowerSettings
        {
            Id = "core-1", Role = "core", Key = "core-1-key-0123456789abcdef", KeyPrefix = RedisServer.NewPrefix(),
            Redis = new RedisSettings { Configuration = redis.Endpoint }, ConfigRoot = "/nonexistent",
        };
    }
}
