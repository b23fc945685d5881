using BenchmarkDotNet.Attributes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.Micro;

/// <summary>
/// <c>VersionStore.StoreAsync</c> of a changed single-node version against a local redis-server: read serial and
/// digest, read history, one optimistic transaction (content, meta, history trim, serial). Two versions alternate,
/// so every call stores a new serial; the history (20) is full after the warm-up.
/// </summary>
public class StoreBenchmarks
{
    private RedisInstance? _redis;
    private ConnectionMultiplexer? _connection;
    private VersionStore? _store;
    private RenderedVersion? _a;
    private RenderedVersion? _b;
    private IReadOnlyList<FollowerEntry> _followers = [];
    private bool _flip;
    private readonly BenchLedger _ledger = new();

    [GlobalSetup]
    public void Setup()
    {
        _redis = RedisInstance.StartAsync().GetAwaiter().GetResult();
        _connection = RedisInstance.ConnectLeaderAsync(_redis.Endpoint).GetAwaiter().GetResult();
        var keys = new RedisKeys("micro");
        var vault = new SecretVault(_connection, keys);
        _store = new VersionStore(_connection, keys, LeaderSettings.DefaultHistoryLength);

        // The first store keeps the generated secrets; the versions measured then hold none (the steady state).
        var first = MicroSample.SingleNodePair(Resolver);
        _store.StoreAsync(first.A, first.Settings.Followers, "setup", _ledger).GetAwaiter().GetResult();
        LeaderSettings settings;
        (_a, _b, settings) = MicroSample.SingleNodePair(Resolver);
        _followers = settings.Followers;

        SecretResolver Resolver(LeaderSettings s) => vault.ResolverAsync(s, "singlenode").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        _redis?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<StoreResult> Store()
    {
        _flip = !_flip;
        return _store!.StoreAsync(_flip ? _a! : _b!, _followers, "benchmark", _ledger);
    }
}
