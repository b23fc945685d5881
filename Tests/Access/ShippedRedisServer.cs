using System.Diagnostics;
using System.Globalization;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>
/// A <c>redis-server</c> started with the shipped <c>compose/redis/redis.conf</c> and <c>users.acl</c> (copies, with
/// only the port, address and folders changed): the default user is off, so every client needs an ACL user.
/// </summary>
public sealed class ShippedRedisServer : IAsyncLifetime, IDisposable
{
    public const string LeaderUser = "pryvbus-leader";
    public const string LeaderPassword = "change-me-leader-password";
    public const string OpsUser = "pryvbus-ops";
    public const string OpsPassword = "change-me-ops-password";

    private readonly TempDirectory _directory = new();
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The server's ACL file: the leader's <c>ACL SAVE</c> rewrites it.</summary>
    public string AclFile => _directory.Combine("users.acl");

    public static string ComposeRedis() => RepositoryRoot.Combine("compose", "redis");

    public ConfigurationOptions Options(string user, string password)
    {
        var options = ConfigurationOptions.Parse(Endpoint);
        options.User = user;
        options.Password = password;
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true; // INFO and CLIENT LIST, as an operator's redis-cli sends them
        return options;
    }

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(ComposeRedis(), "users.acl"), AclFile);
        var lines = File.ReadAllLines(Path.Combine(ComposeRedis(), "redis.conf")).Select(line => line.Split(' ')[0] switch
        {
            "port" => "port " + Port.ToString(CultureInfo.InvariantCulture),
            "bind" => "bind 127.0.0.1",
            "dir" => "dir " + _directory.Path,
            "aclfile" => "aclfile " + AclFile,
            _ => line,
        });
        var config = _directory.Write("redis.conf", string.Join('\n', lines));
        _process = RedisProcess.Start([config]);
        await Wait.UntilAsync(() => Ping().Length > 0, TimeSpan.FromSeconds(10), "the shipped redis-server to answer");
    }

    /// <summary>The reply to an unauthenticated PING (<c>-NOAUTH…</c> when the default user is off).</summary>
    public string Ping() => RedisProcess.Ping(Port);

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        Dispose();
    }

    public void Dispose()
    {
        _process?.Dispose();
        _directory.Dispose();
    }
}
