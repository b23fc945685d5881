using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Containers;

/// <summary>
/// The follower's container step as seen by the sync loop and the event subscription: it records what must be
/// restarted (durably) and wakes the <see cref="RestartWorker"/>, without waiting for Docker. Files are never held
/// back by a slow or absent daemon.
/// </summary>
public sealed class RestartQueue(PendingRestarts pending) : IContainerRestarter, IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public PendingRestarts Pending => pending;

    public Task RestartAsync(string role, ComponentSelection components, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(components);
        pending.Add(components);
        Wake();
        return Task.CompletedTask;
    }

    public void Owe(ComponentSelection components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (!components.IsEmpty)
        {
            pending.Add(components);
        }
    }

    public void Declare(IReadOnlyDictionary<string, ComponentSpec> components) => pending.Actions.Set(components);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one pass handles everything pending.
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <returns>True when woken, false when the delay ran out.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
