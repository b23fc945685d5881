using PryvBus.Shared.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Follower;

/// <summary>
/// One follower run in-process against a test's Redis, with its own prefix, config root and multiplexer
/// (so that a test killing Redis sees the follower's own reconnects), plus the leader double.
/// </summary>
internal sealed class FollowerHarness : IAsyncDisposable
{
    private readonly RedisServer _redis;
    private ConnectionMultiplexer? _connection;
    private InProcessFollower? _follower;
    private readonly bool _useDocker;

    /// <param name="redis">The test's Redis.</param>
    /// <param name="pollInterval">Polling interval (default: an hour, so tests see events, not polls).</param>
    /// <param name="prefix">Key prefix (default: a new one).</param>
    /// <param name="temp">The folder holding the config root (default: a new one).</param>
    /// <param name="containers">When set, the real Docker container step is used instead of <see cref="Restarter"/>.</param>
    /// <param name="metricsPort">When set, the follower serves its metrics there.</param>
    /// <param name="composePolicy">The follower's <c>composePolicy</c> (default: the default policy).</param>
    public FollowerHarness(
        RedisServer redis, TimeSpan? pollInterval = null, string? prefix = null, TempDirectory? temp = null,
        PryvBus.Follower.Settings.ContainerSettings? containers = null, int? metricsPort = null, ComposePolicySettings? composePolicy = null)
    {
        _redis = redis;
        Prefix = prefix ?? RedisServer.NewPrefix();
        Temp = temp ?? new TempDirectory();
        Leader = new LeaderDouble(redis.Admin, Prefix);
        Settings = new FollowerSettings
        {
            Id = LeaderDouble.FollowerId,
            Role = LeaderDouble.Role,
            Key = LeaderDouble.FollowerKey,
            KeyPrefix = Prefix,
            Redis = new RedisSettings { Configuration = redis.Endpoint },
            ConfigRoot = Temp.Combine("pryv"),
            PollInterval = pollInterval ?? TimeSpan.FromHours(1),
            Containers = containers,
            MetricsPort = metricsPort,
            ComposePolicy = composePolicy ?? new ComposePolicySettings(),
        };
        _useDocker = containers is not null;
    }

    public string Prefix { get; }

    public TempDirectory Temp { get; }

    public LeaderDouble Leader { get; }

    public FollowerSettings Settings { get; }

    public string Root => Settings.ConfigRoot;

    public RecordingRestarter Restarter { get; } = new();

    /// <summary>Every log entry of the follower, as its logger would write it.</summary>
    public LogCollector Logs { get; } = new();

    public Task? Running { get; private set; }

    public async Task StartAsync()
    {
        var options = _redis.Options();
        options.ReconnectRetryPolicy = new LinearRetry(200);
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
        var connection = _connection;
        _follower = await InProcessFollower.StartAsync(Settings, services =>
        {
            services.AddSingleton<IConnectionMultiplexer>(connection);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            if (!_useDocker)
            {
                services.AddSingleton<IContainerRestarter>(Restarter);
            }
        });
        Running = _follower.Running;
    }

    public async Task StopAsync()
    {
        if (_follower is not null)
        {
            await _follower.DisposeAsync();
            _follower = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Read(string relative) => File.ReadAllText(Path(relative));

    public Manifest? Manifest()
    {
        using var applier = new ConfigApplier(Settings, NullLogger<ConfigApplier>.Instance);
        return applier.ReadApplied();
    }

    public async Task<Dictionary<string, string>> StatusAsync()
    {
        var entries = await _redis.Db.HashGetAllAsync(Leader.Keys.Follower(LeaderDouble.FollowerId));
        return entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <summary>Waits until the manifest and the status hash both say <paramref name="serial"/> is applied.</summary>
    public async Task WaitForAppliedAsync(long serial, TimeSpan? timeout = null)
    {
        await Wait.UntilAsync(
            async () => Manifest()?.Serial == serial
                && (await StatusAsync()) is var s
                && s.GetValueOrDefault(StatusFields.Serial) == serial.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && s.GetValueOrDefault(StatusFields.State) == FollowerState.Ok,
            timeout ?? TimeSpan.FromSeconds(10),
            $"version {serial} to be applied");
    }

    public async Task WaitForStateAsync(string state, TimeSpan? timeout = null)
    {
        await Wait.UntilAsync(
            async () => (await StatusAsync()).GetValueOrDefault(StatusFields.State) == state,
            timeout ?? TimeSpan.FromSeconds(10),
            $"state {state}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Temp.Dispose();
    }
}
