using Microsoft.Extensions.Logging;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

/// <summary>A Docker outage seen by the restart worker: one warning when it starts, one line when it ends, debug in between.</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class RestartWorkerOutageTests(DockerDaemon docker, RedisServer redis) : IClassFixture<DockerDaemon>, IClassFixture<RedisServer>
{
    private const int OutageStarted = 2400;
    private const int StillDown = 2401;
    private const int OutageEnded = 2402;
    private const int NoContainer = 505;

    [Fact]
    public async Task DockerOutage_ManyRetries_LogsOneWarningAndOneRecoveryLine()
    {
        using var temp = new TempDirectory();
        await using var proxy = new UnixSocketProxy(new Uri(docker.Endpoint).LocalPath);
        var logs = new LogCollector();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var settings = new FollowerSettings
        {
            Id = "core-1", Role = "core", Key = "core-1-key-0123456789abcdef", KeyPrefix = RedisServer.NewPrefix(),
            Redis = new RedisSettings { Configuration = redis.Endpoint }, ConfigRoot = temp.Combine("pryv"),
        };
        var containers = TestRestarter.Settings(docker, DockerDaemon.NewProject()) with { Endpoint = proxy.Endpoint };
        using var queue = new RestartQueue(new PendingRestarts(settings.ConfigRoot));
        using var restarter = new DockerRestarter(containers, factory.CreateLogger<DockerRestarter>());
        var reporter = new StatusReporter(settings, redis.Admin, factory.CreateLogger<StatusReporter>());
        var workerLogger = factory.CreateLogger<RestartWorker>();
        var worker = new RestartWorker(queue, restarter, reporter, workerLogger, dockerOutage: new BackendOutage("Docker", workerLogger));
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        await queue.RestartAsync("core", ComponentSelection.Of(["web"]), "test", stop.Token);
        await Wait.UntilAsync(() => logs.Ours.Count(e => e.EventId == StillDown) >= 3, TimeSpan.FromSeconds(60), "three retries while Docker is away");
        proxy.Up();
        await Wait.UntilAsync(() => logs.Has(OutageEnded), TimeSpan.FromSeconds(60), "the recovery line");
        await stop.CancelAsync();
        await running;

        // Once Docker answers, "web" has no container in the test project: a warning of its own (505), not the outage's.
        logs.Ours.Where(e => e.Level >= LogLevel.Warning && e.EventId != NoContainer).Select(e => e.EventId).Should().Equal(OutageStarted);
        logs.Ours.Count(e => e.EventId == OutageEnded).Should().Be(1);
        logs.Ours.Single(e => e.EventId == OutageStarted).Message.Should().StartWith("Docker is unreachable");
    }
}
