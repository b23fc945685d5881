using Microsoft.Extensions.Hosting;
using PryvBus.Follower.Receiving;

namespace PryvBus.Follower.Agent;

/// <summary>Runs the serial poller for the lifetime of the host, on the thread pool: a blocking step never holds up the start of the others.</summary>
public sealed class SerialPollerService(SerialPoller loop) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => loop.RunAsync(stoppingToken), CancellationToken.None);
}
