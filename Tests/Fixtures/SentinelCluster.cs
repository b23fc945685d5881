using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// Redis's own high availability on loopback: a master, a replica and three sentinels (quorum 2), started by the test,
/// with a fast failover (down after 1 s). <see cref="KillMasterAsync"/> SIGKILLs the current master.
/// </summary>
public sealed class SentinelCluster : IAsyncDisposable
{
    public const string ServiceName = "pryvbus";

    private readonly TempDirectory _folder = new();
    private readonly Dictionary<int, Process> _servers = [];
    private readonly List<Process> _sentinels = [];

    private SentinelCluster()
    {
    }

    public IReadOnlyList<int> SentinelPorts { get; private set; } = [];

    /// <summary>The StackExchange.Redis configuration string naming the sentinels and the service.</summary>
    public string Configuration =>
        string.Join(',', SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $",serviceName={ServiceName}";

    public static async Task<SentinelCluster> StartAsync()
    {
        var cluster = new SentinelCluster();
        try
        {
            await cluster.StartAllAsync();
            return cluster;
        }
        catch
        {
            // A half-started cluster must not leave redis-server processes behind.
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync()
    {
        var master = FreePort.Next();
        var replica = FreePort.Next();
        await StartServerAsync(master, []);
        await StartServerAsync(replica, ["--replicaof", "127.0.0.1", master.ToString(CultureInfo.InvariantCulture)]);
        var sentinels = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var port = FreePort.Next();
            var conf = _folder.Write($"sentinel-{port}.conf", string.Join('\n',
                $"port {port}", "bind 127.0.0.1", $"dir {_folder.Path}",
                $"sentinel monitor {ServiceName} 127.0.0.1 {master} 2",
                $"sentinel down-after-milliseconds {ServiceName} 1000",
                $"sentinel failover-timeout {ServiceName} 4000",
                $"sentinel parallel-syncs {ServiceName} 1", string.Empty));
            _sentinels.Add(RedisProcess.Start([conf, "--sentinel"]));
            sentinels.Add(port);
        }

        SentinelPorts = sentinels;
        foreach (var port in sentinels)
        {
            await Wait.UntilAsync(() => RedisProcess.Pongs(port), TimeSpan.FromSeconds(10), $"sentinel {port}");
        }

        await Wait.UntilAsync(async () => await ReplicaInSyncAsync(master, replica), TimeSpan.FromSeconds(15), "the replica to sync");
    }

    /// <summary>The master's port as the sentinels see it now.</summary>
    public async Task<int> MasterPortAsync()
    {
        await using var sentinel = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { IPAddress.Loopback, SentinelPorts[0] } },
            CommandMap = CommandMap.Sentinel,
            AbortOnConnectFail = false,
        });
        var address = await sentinel.GetServer(IPAddress.Loopback, SentinelPorts[0]).SentinelGetMasterAddressByNameAsync(ServiceName);
        return ((IPEndPoint)address!).Port;
    }

    /// <summary>SIGKILLs the master; returns its port.</summary>
    public async Task<int> KillMasterAsync()
    {
        var port = await MasterPortAsync();
        var process = _servers[port];
        process.Kill();
        await process.WaitForExitAsync();
        return port;
    }

    /// <summary>SIGSTOPs (or SIGCONTs) the replica: it stays connected but acknowledges nothing.</summary>
    public async Task SignalReplicaAsync(string signal)
    {
        var master = await MasterPortAsync();
        await SignalAsync(_servers.Single(s => s.Key != master && !s.Value.HasExited).Value, signal);
    }

    /// <summary>SIGSTOPs (or SIGCONTs) every sentinel: while stopped, nothing fails over.</summary>
    public async Task SignalSentinelsAsync(string signal)
    {
        foreach (var sentinel in _sentinels)
        {
            await SignalAsync(sentinel, signal);
        }
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task WaitForFailoverAsync(int oldMaster, TimeSpan timeout) =>
        await Wait.UntilAsync(async () => await MasterPortAsync() != oldMaster, timeout, "the sentinels to promote the replica");

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _sentinels.Concat(_servers.Values))
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _folder.Dispose();
    }

    private async Task StartServerAsync(int port, string[] extra)
    {
        var args = new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", _folder.Path };
        _servers[port] = RedisProcess.Start([.. args, .. extra]);
        await Wait.UntilAsync(() => RedisProcess.Pongs(port), TimeSpan.FromSeconds(10), $"redis-server {port}");
    }

    private async Task<bool> ReplicaInSyncAsync(int master, int replica)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{replica},abortConnect=false,allowAdmin=true");
        var info = await redis.GetServer(IPAddress.Loopback, replica).InfoRawAsync("replication");
        return info is not null && info.Contains($"master_port:{master}", StringComparison.Ordinal) && info.Contains("master_link_status:up", StringComparison.Ordinal);
    }
}
