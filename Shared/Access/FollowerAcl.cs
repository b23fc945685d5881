using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace PryvBus.Shared.Access;

/// <summary>
/// The Redis ACL a follower runs under, and the client settings that keep StackExchange.Redis inside it.
/// Both sides must agree: the leader provisions exactly these commands, and the follower's multiplexer must
/// not send anything else (a denied command is an <c>ACL LOG</c> entry an operator would chase).
/// </summary>
public static class FollowerAcl
{
    /// <summary>
    /// What a follower sends. Connection: <c>PING</c> (keep-alive), <c>ECHO</c> (the handshake's tracer: without it
    /// the connection fails), <c>CLIENT SETNAME</c> and <c>CLIENT ID</c> (names in <c>CLIENT LIST</c>). Reads:
    /// <c>GET</c> the serial, <c>HMGET</c> the meta's fields (<c>HGET</c> each when a user made before <c>HMGET</c> was
    /// granted refuses it, and the files an event names), <c>HGETALL</c> content and admission, in <c>MULTI</c>/<c>EXEC</c>
    /// (<c>DISCARD</c> if a transaction is abandoned). Status: <c>HSET</c>/<c>HMSET</c> (the client sends
    /// <c>HMSET</c> for several fields). Events: <c>SUBSCRIBE</c>/<c>UNSUBSCRIBE</c>.
    /// <c>AUTH</c> and <c>HELLO</c> are always allowed by Redis.
    /// </summary>
    public static IReadOnlyList<string> Commands { get; } =
    [
        "ping", "echo", "client|setname", "client|id",
        "get", "hget", "hmget", "hgetall", "multi", "exec", "discard",
        "hset", "hmset",
        "subscribe", "unsubscribe",
    ];

    /// <summary>
    /// Handshake commands the client would otherwise send and the ACL denies: <c>INFO</c> (server version),
    /// <c>CONFIG GET</c> (database count, replica settings), <c>CLUSTER NODES</c>, the <c>SET</c> probe it uses to
    /// tell a primary from a replica when INFO is unavailable, and <c>SELECT</c> (sent around transactions).
    /// </summary>
    private static readonly string[] UnusedCommands = ["INFO", "CONFIG", "CLUSTER", "SET", "SELECT"];

    private static readonly byte[] PasswordPurpose = "pryvbus follower redis password v1"u8.ToArray();

    /// <summary>The ACL user of a follower: <c>{prefix}:follower:{id}</c>, the name of its status hash.</summary>
    public static string UserName(RedisKeys keys, string followerId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Follower(followerId).ToString();
    }

    /// <summary>
    /// The Redis password of a follower, derived from its key (HKDF-SHA256 under a purpose of its own, in hex): the key
    /// signs versions, and a password travels in <c>AUTH</c> to Redis (in clear text without TLS), so the key itself is
    /// never sent, and the password does not give it away.
    /// </summary>
    public static string Password(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key), 32, [], PasswordPurpose));
    }

    /// <summary>The ACL password form of a follower key: <c>#</c> and the SHA-256 of its <see cref="Password"/> in hex, so the leader sends neither.</summary>
    public static string PasswordHash(string key) =>
        "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Password(key))));

    /// <summary>
    /// The <c>ACL SETUSER</c> rules of one follower, in order. <c>reset</c> first, so a changed key or role leaves
    /// nothing of the previous rules. The serial and admission patterns are exact and the config/meta patterns end with a colon,
    /// so role <c>core</c> never matches <c>core-eu</c>.
    /// </summary>
    public static IReadOnlyList<string> Rules(RedisKeys keys, string followerId, string role, string key)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rules = new List<string>
        {
            "reset",
            "on",
            PasswordHash(key),
            "%R~" + keys.Serial(role).ToString(),
            "%R~" + keys.Admission(role).ToString(),
            "%R~" + keys.Prefix + ":config:" + role + ":*",
            "%R~" + keys.Prefix + ":meta:" + role + ":*",
            "~" + keys.Follower(followerId).ToString(),
            "resetchannels",
            "&" + keys.Events,
            "-@all",
        };
        rules.AddRange(Commands.Select(c => "+" + c));
        return rules;
    }

    /// <summary>
    /// Keeps a multiplexer that authenticates as a follower's ACL user inside <see cref="Commands"/>: no topology
    /// broadcast channel, no tie-breaker key, no library name (<c>CLIENT SETINFO</c>, unknown before Redis 7.2),
    /// and none of <see cref="UnusedCommands"/>. Redis ACLs need Redis 6 or later, hence the assumed version.
    /// </summary>
    public static void ConfigureClient(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigurationChannel = string.Empty;
        options.TieBreaker = string.Empty;
        options.SetClientLibrary = false;
        options.DefaultVersion = new Version(6, 0, 0);
        var unused = UnusedCommands.Where(c => c != "SELECT" || options.DefaultDatabase is null or 0);
        options.CommandMap = CommandMap.Create(new HashSet<string>(unused, StringComparer.OrdinalIgnoreCase), available: false);
    }
}
