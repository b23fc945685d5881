using PryvBus.Shared.Access;
using StackExchange.Redis;

namespace PryvBus.Follower.Settings;

/// <summary>
/// How to reach Redis. The password may come from <c>PRYVBUS_REDIS_PASSWORD</c>; with a <see cref="User"/> and no
/// password, one derived from the follower's key (<see cref="FollowerAcl.Password"/>; the leader provisions the user that way).
/// </summary>
public sealed class RedisSettings
{
    private string? _password;

    public const string PasswordVariable = "PRYVBUS_REDIS_PASSWORD";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis.example:6380,ssl=true</c>.</summary>
    public required string Configuration { get; init; }

    /// <summary>The Redis ACL user, <c>{prefix}:follower:{id}</c> when the leader provisions it.</summary>
    public string? User { get; init; }

    /// <summary>The password; derived from <see cref="PasswordKey"/> on first use when none was given.</summary>
    public string? Password
    {
        get => _password ??= PasswordKey is null ? null : FollowerAcl.Password(PasswordKey);
        init => _password = value;
    }

    /// <summary>
    /// The follower key the password is derived from (<see cref="FollowerAcl.Password"/>) when no password is given: derived
    /// when the connection is made, on the thread that makes it, not while the settings are read on the main thread.
    /// </summary>
    public string? PasswordKey { get; init; }

    /// <summary>Full path of the CA certificate (PEM or DER) that signed the server's TLS certificate, when it is not trusted by the machine.</summary>
    public string? CaCertificate { get; init; }

    /// <summary>Options for the one multiplexer of the process: never give up on a server that is down.</summary>
    public ConfigurationOptions ToOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "pryvbus-follower";
        if (User is not null)
        {
            options.User = User;

            // Stay inside the follower's ACL: no handshake command it does not grant.
            FollowerAcl.ConfigureClient(options);
        }

        if (Password is not null)
        {
            options.Password = Password;
        }

        if (CaCertificate is not null)
        {
            options.TrustIssuer(CaCertificate);
        }

        return options;
    }

    /// <summary>Never print the password, not even one written inside the configuration (refused at load).</summary>
    public override string ToString()
    {
        var configuration = Shared.Settings.RedisConfigurationText.Redact(Configuration);
        return User is null ? configuration : $"{configuration} (user {User})";
    }
}
