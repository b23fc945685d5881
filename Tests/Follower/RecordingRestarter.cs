using System.Collections.Concurrent;
using PryvBus.Follower.Containers;

namespace PryvBus.Tests.Follower;

/// <summary>Records what the follower asks the container step to restart; can hold the sync loop on a gate.</summary>
internal sealed class RecordingRestarter : IContainerRestarter
{
    private readonly ConcurrentQueue<(string Components, string Reason)> _calls = new();

    /// <summary>When set, each call waits for it: the test plays a slow restart.</summary>
    public Func<Task>? Gate { get; set; }

    public IReadOnlyList<(string Components, string Reason)> Calls => [.. _calls];

    public async Task RestartAsync(string role, ComponentSelection components, string reason, CancellationToken ct)
    {
        _calls.Enqueue((components.ToString(), reason));
        if (Gate is not null)
        {
            await Gate();
        }
    }

    /// <summary>When set, called as the apply records what it owes (before its commit): a test makes the apply fail there.</summary>
    public Action? OnOwe { get; set; }

    public void Owe(ComponentSelection components) => OnOwe?.Invoke();
}
