using StackExchange.Redis;

namespace PryvBus.Leader.Settings;

/// <summary>
/// How to reach Redis: a StackExchange.Redis configuration string (endpoints, <c>ssl=true</c>,
/// <c>serviceName=</c> for Sentinel…), plus an ACL user and password kept out of that string.
/// </summary>
public sealed record RedisSettings(string Configuration, string? User, string? Password)
{
    public const string PasswordVariable = "PRYVBUS_REDIS_PASSWORD";

    public ConfigurationOptions ToOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "pryvbus-leader";
        if (User is not null)
        {
            options.User = User;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? Password;
        if (password is not null)
        {
            options.Password = password;
        }

        return options;
    }

    /// <summary>Never print the password.</summary>
    public override string ToString() => User is null ? Configuration : $"{Configuration} (user {User})";
}
