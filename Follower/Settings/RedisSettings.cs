using StackExchange.Redis;

namespace PryvBus.Follower.Settings;

/// <summary>How to reach Redis. The password may come from <c>PRYVBUS_REDIS_PASSWORD</c>.</summary>
public sealed class RedisSettings
{
    public const string PasswordVariable = "PRYVBUS_REDIS_PASSWORD";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public required string Configuration { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Options for the one multiplexer of the process: never give up on a server that is down.</summary>
    public ConfigurationOptions ToOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "pryvbus-follower";
        if (User is not null)
        {
            options.User = User;
        }

        if (Password is not null)
        {
            options.Password = Password;
        }

        return options;
    }

    public override string ToString() => Configuration;
}
