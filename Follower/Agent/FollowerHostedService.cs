using Microsoft.Extensions.Hosting;

namespace PryvBus.Follower.Agent;

/// <summary>Runs the <see cref="FollowerAgent"/> for the lifetime of the host (SIGTERM stops it).</summary>
public sealed class FollowerHostedService(FollowerAgent agent) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => agent.RunAsync(stoppingToken);
}
