using StackExchange.Redis;

namespace PryvBus.Leader.Settings;

/// <summary>
/// How to reach Redis: a StackExchange.Redis configuration string (endpoints, <c>ssl=true</c>, <c>sslHost=</c>,
/// <c>serviceName=</c> for Sentinel…), plus an ACL user and password kept out of that string, and the CA
/// certificate that signed the server's TLS certificate when it is not in the machine's trust store.
/// <see cref="Password"/> is the one in force: <c>PRYVBUS_REDIS_PASSWORD</c>, resolved and checked at load time, wins.
/// </summary>
public sealed record RedisSettings(string Configuration, string? User, string? Password, string? CaCertificate = null)
{
    public const string PasswordVariable = "PRYVBUS_REDIS_PASSWORD";

    public ConfigurationOptions ToOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "pryvbus-leader";

        // The .NET thread pool reads the sockets, as in the follower, instead of the client's own dedicated threads: an
        // answer then reaches the awaiting code with one thread hand-off less (docs/performance.md, session 35).
        options.SocketManager = SocketManager.ThreadPool;

        // The leader reads INFO replication to know whether to wait for a replica (the client gates INFO as admin).
        options.AllowAdmin = true;
        if (User is not null)
        {
            options.User = User;

            // The leader's ACL user (compose/redis/users.acl) reaches only its prefix and channel and no admin
            // command but ACL: skip what the client would send outside it (CONFIG GET, CLUSTER SLOTS, the topology
            // channel, the tie-breaker key), so ACL LOG shows only real denials.
            options.ConfigurationChannel = string.Empty;
            options.TieBreaker = string.Empty;
            options.SetClientLibrary = false;
            options.CommandMap = CommandMap.Create(new HashSet<string>(["CONFIG", "CLUSTER"], StringComparer.OrdinalIgnoreCase), available: false);
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
