using Microsoft.Extensions.Hosting;

namespace PryvBus.Follower.Agent;

/// <summary>Runs the restart worker (only when the Docker step is on) for the lifetime of the host, on the thread pool: a blocking step never holds up the start of the others.</summary>
public sealed class RestartWorkerService(RestartWorker loop) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => loop.RunAsync(stoppingToken), CancellationToken.None);
}
