using Microsoft.Extensions.Hosting;

namespace PryvBus.Follower.Agent;

/// <summary>Runs the one loop that changes the disk for the lifetime of the host, on the thread pool: a blocking step never holds up the start of the others.</summary>
public sealed class SyncLoopService(SyncLoop loop) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => loop.RunAsync(stoppingToken), CancellationToken.None);
}
