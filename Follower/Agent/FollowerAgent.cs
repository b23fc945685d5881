using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Checking;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Agent;

/// <summary>
/// One follower: the event subscription, the poller and the sync loop around one coalescing signal, plus the
/// container step. Runs until cancelled; never returns on a Redis or Docker outage. Tests drive it in-process.
/// </summary>
public sealed class FollowerAgent : IDisposable
{
    private readonly FollowerSettings _settings;
    private readonly ILogger<FollowerAgent> _logger;
    private readonly SyncSignal _signal = new();
    private readonly SyncLoop _sync;
    private readonly EventSubscription _subscription;
    private readonly SerialPoller _poller;
    private readonly RestartQueue? _queue;
    private readonly DockerRestarter? _docker;
    private readonly ComposeStep? _compose;
    private readonly RestartWorker? _worker;
    private readonly StagedChecks? _checks;

    /// <param name="settings">The follower's settings.</param>
    /// <param name="redis">The follower's one multiplexer.</param>
    /// <param name="restarter">
    /// The container step; null builds it from <see cref="FollowerSettings.Containers"/> (Docker, or a logging
    /// stand-in when restarts are disabled).
    /// </param>
    /// <param name="loggerFactory">Where logs go.</param>
    /// <param name="faults">Fault-injection points for crash tests.</param>
    public FollowerAgent(
        FollowerSettings settings,
        IConnectionMultiplexer redis,
        IContainerRestarter? restarter,
        ILoggerFactory loggerFactory,
        FaultInjector? faults = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _logger = loggerFactory.CreateLogger<FollowerAgent>();
        var reporter = new StatusReporter(settings, redis, loggerFactory.CreateLogger<StatusReporter>());
        var redisOutage = new BackendOutage("Redis", loggerFactory.CreateLogger<SerialPoller>());
        if (restarter is null && settings.Containers is not null)
        {
            _queue = new RestartQueue(new PendingRestarts(settings.ConfigRoot));
            _docker = new DockerRestarter(settings.Containers, loggerFactory.CreateLogger<DockerRestarter>());
            var dockerLogger = loggerFactory.CreateLogger<RestartWorker>();
            _compose = new ComposeStep(settings.Containers, settings.ConfigRoot, loggerFactory.CreateLogger<ComposeStep>());
            _worker = new RestartWorker(_queue, _docker, reporter, dockerLogger, Metrics, new BackendOutage("Docker", dockerLogger), _compose);
            restarter = _queue;
            _checks = new StagedChecks(settings, loggerFactory.CreateLogger<StagedChecks>());
        }

        restarter ??= new LoggingContainerRestarter(loggerFactory.CreateLogger<LoggingContainerRestarter>());
        var applier = new ConfigApplier(settings, faults ?? FaultInjector.None, loggerFactory.CreateLogger<ConfigApplier>());
        _sync = new SyncLoop(
            settings, new VersionFetcher(settings, redis), applier, restarter, reporter, _signal, loggerFactory.CreateLogger<SyncLoop>(), Metrics, redisOutage, _checks);
        _subscription = new EventSubscription(
            settings, redis, _signal, restarter, reporter, loggerFactory.CreateLogger<EventSubscription>(), redisOutage);
        _poller = new SerialPoller(settings, redis, _signal, loggerFactory.CreateLogger<SerialPoller>(), redisOutage);
    }

    public FollowerMetrics Metrics { get; } = new();

    public async Task RunAsync(CancellationToken ct)
    {
        using var metricsServer = _settings.MetricsPort is { } port ? Metrics.Serve(port) : null;
        FollowerLog.Starting(_logger, _settings.Id, _settings.Role, _settings.ConfigRoot, _settings.PollInterval.TotalSeconds);
        if (_settings.SampleCredentials.Count > 0)
        {
            FollowerLog.SampleCredentialsAccepted(_logger, string.Join(", ", _settings.SampleCredentials));
        }

        // The first sync does not wait for an event or a poll: it repairs the disk and catches up at once.
        _signal.Request();
        await Task.WhenAll(
            Task.Run(() => _sync.RunAsync(ct), CancellationToken.None),
            Task.Run(() => _subscription.RunAsync(ct), CancellationToken.None),
            Task.Run(() => _poller.RunAsync(ct), CancellationToken.None),
            _worker is null ? Task.CompletedTask : Task.Run(() => _worker.RunAsync(ct), CancellationToken.None));
    }

    public void Dispose()
    {
        _queue?.Dispose();
        _docker?.Dispose();
        _checks?.Dispose();
        _compose?.Dispose();
    }
}
