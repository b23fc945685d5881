using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Access;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;
using FollowerRedisSettings = PryvBus.Follower.Settings.RedisSettings;

namespace PryvBus.Tests.Access;

/// <summary>Connections as a follower's ACL user, and a look at what the server denied.</summary>
[SupportedOSPlatform("linux")]
internal static class AclTestClients
{
    /// <summary>Provisions with the admin (default) user, as a leader with full rights would.</summary>
    public static Task<AclProvisionResult> ProvisionAsync(RedisServer redis, LeaderSettings settings) =>
        new AclProvisioner(redis.Admin, NullLogger<AclProvisioner>.Instance).ProvisionAsync(settings);

    /// <summary>Connects exactly as the follower with <paramref name="key"/> does (its own options, which stay inside its ACL; the password derived from the key).</summary>
    public static Task<ConnectionMultiplexer> FollowerAsync(RedisServer redis, string user, string key) =>
        FollowerAsync(redis.Endpoint, user, key);

    /// <inheritdoc cref="FollowerAsync(RedisServer, string, string)"/>
    public static Task<ConnectionMultiplexer> FollowerAsync(string endpoint, string user, string key) =>
        ConnectionMultiplexer.ConnectAsync(
            new FollowerRedisSettings { Configuration = endpoint, User = user, Password = FollowerAcl.Password(key) }.ToOptions());

    /// <summary>Connects as the follower with <paramref name="key"/> with a plain client, to try commands the follower never sends.</summary>
    public static async Task<ConnectionMultiplexer> RawAsync(RedisServer redis, string user, string key)
    {
        var options = redis.Options();
        options.User = user;
        options.Password = FollowerAcl.Password(key);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>True when <c>AUTH user password</c> with the password of the follower key <paramref name="key"/> succeeds, on a plain socket (the client library would retry or hide it).</summary>
    public static async Task<bool> CanAuthenticateAsync(RedisServer redis, string user, string key)
    {
        var password = FollowerAcl.Password(key);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, redis.Port);
        await using var stream = client.GetStream();
        var command = $"*3\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(user)}\r\n{user}\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read).StartsWith("+OK", StringComparison.Ordinal);
    }

    /// <summary>What <c>ACL LOG</c> recorded for <paramref name="user"/>: the denied command, key or channel of each entry.</summary>
    public static Task<IReadOnlyList<string>> DeniedAsync(RedisServer redis, string user) => DeniedAsync(redis.Db, user);

    /// <inheritdoc cref="DeniedAsync(RedisServer, string)"/>
    public static async Task<IReadOnlyList<string>> DeniedAsync(IDatabase db, string user)
    {
        var entries = (RedisResult[])(await db.ExecuteAsync("ACL", "LOG", "256"))!;
        var denied = new List<string>();
        foreach (var entry in entries.Select(e => (RedisResult[])e!))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < entry.Length; i += 2)
            {
                fields[entry[i].ToString()] = entry[i + 1].ToString();
            }

            if (fields.GetValueOrDefault("username") == user)
            {
                denied.Add($"{fields.GetValueOrDefault("reason")} {fields.GetValueOrDefault("object")}");
            }
        }

        return denied;
    }

    public static async Task ShouldBeDeniedAsync(Func<Task> action)
    {
        var thrown = await action.Should().ThrowAsync<RedisServerException>();
        thrown.Which.Message.Should().StartWith("NOPERM");
    }
}
