using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;

namespace PryvBus.Follower.Containers;

/// <summary>Stands in for the Docker step (a later issue): logs what would be restarted.</summary>
public sealed class LoggingContainerRestarter(ILogger<LoggingContainerRestarter> logger) : IContainerRestarter
{
    public Task RestartAsync(string role, ComponentSelection components, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(components);
        FollowerLog.RestartRequested(logger, role, components.ToString(), reason);
        return Task.CompletedTask;
    }

    /// <summary>Nothing to keep: this step restarts nothing, so nothing is owed across a crash.</summary>
    public void Owe(ComponentSelection components)
    {
    }
}
