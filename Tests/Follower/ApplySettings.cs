using PryvBus.Follower.Settings;

namespace PryvBus.Tests.Follower;

/// <summary>The follower settings the in-process apply tests use: role <c>core</c>, no Redis reached, containers off.</summary>
internal static class ApplySettings
{
    public static FollowerSettings For(string root, FileSettings? files = null) => new()
    {
        Id = "core-1", Role = "core", Key = "0123456789abcdef-key", Redis = new RedisSettings { Configuration = "127.0.0.1:1" },
        ConfigRoot = root, Containers = null, Files = files ?? new FileSettings(),
    };
}
