using System.Diagnostics;
using System.Net;
using StackExchange.Redis;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, owned by one test class (IClassFixture).
/// Tests isolate themselves with <see cref="NewPrefix"/>; tests that stop the server use their own instance.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pryvbus-redis-").FullName;
    private Process? _process;
    private ConnectionMultiplexer? _admin;

    public int Port { get; private set; }

    /// <summary>With an append-only file fsynced at every write: a SIGKILL loses nothing acknowledged.</summary>
    public bool Persistent { get; init; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>A multiplexer for the test's own reads and writes (one per server).</summary>
    public IConnectionMultiplexer Admin => _admin ?? throw new InvalidOperationException("Redis is not started.");

    public IDatabase Db => Admin.GetDatabase();

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        Port = FreePort.Next();
        await StartAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync(Options());
    }

    public ConfigurationOptions Options() => new()
    {
        EndPoints = { { IPAddress.Loopback, Port } },
        AbortOnConnectFail = false,
        ConnectTimeout = 2000,
        SyncTimeout = 5000,
        AsyncTimeout = 5000,
        AllowAdmin = true, // as the leader's own options: INFO (the replica count) is an admin command to the client
    };

    /// <summary>Starts the server (again) on the same port, for tests of outages.</summary>
    public async Task StartAsync()
    {
        _process = RedisProcess.Start(
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", Persistent ? "yes" : "no", "--appendfsync", "always", "--dir", _directory, "--daemonize", "no",
        ]);

        await Wait.UntilAsync(() => RedisProcess.Pongs(Port), TimeSpan.FromSeconds(10), "redis-server to accept connections");
    }

    /// <summary>Kills the server (SIGKILL): every client sees the connection drop.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await KillAsync();
        Dispose();
    }

    public void Dispose()
    {
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
