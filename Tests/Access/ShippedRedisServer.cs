using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

    public static string ComposeRedis()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PryvBus.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("PryvBus.sln not found"), "compose", "redis");
    }

    public ConfigurationOptions Options(string user, string password)
    {
        var options = ConfigurationOptions.Parse(Endpoint);
        options.User = user;
        options.Password = password;
        options.AbortOnConnectFail = false;
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
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(config);
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Wait.UntilAsync(() => Ping().Length > 0, TimeSpan.FromSeconds(10), "the shipped redis-server to answer");
    }

    /// <summary>The reply to an unauthenticated PING (<c>-NOAUTH…</c> when the default user is off).</summary>
    public string Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[128];
            var read = stream.Read(buffer, 0, buffer.Length);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

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
