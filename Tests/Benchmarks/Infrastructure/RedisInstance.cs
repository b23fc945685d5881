using PryvBus.Tests.Fixtures;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>
/// A <c>redis-server</c> of the benchmark's own on a free loopback port (no persistence), with an admin connection for
/// <c>INFO</c> and <c>MEMORY USAGE</c>. Killed on dispose.
/// </summary>
internal sealed class RedisInstance : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _process;

    private RedisInstance(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Admin { get; private set; } = null!;

    public static async Task<RedisInstance> StartAsync()
    {
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("pryvbus-bench-redis-").FullName;
        var process = RedisProcess.Start(
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory, "--daemonize", "no", "--maxclients", "10000", "--loglevel", "warning",
        ]);
        var instance = new RedisInstance(directory, process, port);
        instance.Admin = await ConnectAsync(instance.Endpoint, "pryvbus-bench-admin");
        return instance;
    }

    /// <summary>A multiplexer of its own (never shared between followers or with the leader).</summary>
    public static Task<ConnectionMultiplexer> ConnectAsync(string endpoint, string name) => ConnectAsync(ConfigurationOptions.Parse(endpoint), name);

    /// <summary>The harness's leader: its multiplexer made from the real leader's options (<c>RedisSettings.ToOptions</c>: sockets read on the thread pool…).</summary>
    public static Task<ConnectionMultiplexer> ConnectLeaderAsync(string endpoint) =>
        ConnectAsync(new PryvBus.Leader.Settings.RedisSettings(endpoint, null, null).ToOptions(), "pryvbus-leader");

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions parsed, string name)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var options = parsed.Clone();
                options.ClientName = name;
                options.AbortOnConnectFail = true;
                options.ConnectTimeout = 2000;
                options.AllowAdmin = true; // INFO (the leader's replica count, the harness's figures) is an admin command to the client
                return await ConnectionMultiplexer.ConnectAsync(options);
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>One field of <c>INFO {section}</c>, as a number.</summary>
    public async Task<long> InfoAsync(string section, string field)
    {
        var text = (string)(await Admin.GetDatabase().ExecuteAsync("INFO", section))!;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"INFO {section} has no {field}");
    }

    public async Task<string> VersionAsync()
    {
        var text = (string)(await Admin.GetDatabase().ExecuteAsync("INFO", "server"))!;
        return text.Split('\n').FirstOrDefault(l => l.StartsWith("redis_version:", StringComparison.Ordinal))?[14..].Trim() ?? "?";
    }

    /// <summary><c>MEMORY USAGE key SAMPLES 0</c>: every element counted.</summary>
    public async Task<long> MemoryUsageAsync(RedisKey key)
    {
        var result = await Admin.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        return result.IsNull ? 0 : (long)result;
    }

    public async Task<IReadOnlyList<RedisKey>> KeysAsync(string pattern)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in Admin.GetServer(Admin.GetEndPoints()[0]).KeysAsync(pattern: pattern, pageSize: 1000))
        {
            keys.Add(key);
        }

        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
