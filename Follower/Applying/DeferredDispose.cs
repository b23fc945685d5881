namespace PryvBus.Follower.Applying;

/// <summary>
/// The disposal of a resource that one caller at a time uses between <see cref="Enter"/> and <see cref="Exit"/>:
/// disposed while in use, the resource is disposed by that user when it is done, not under it.
/// </summary>
internal sealed class DeferredDispose(IDisposable resource) : IDisposable
{
    private readonly Lock _gate = new();
    private bool _inUse;
    private bool _disposed;

    public void Enter()
    {
        lock (_gate)
        {
            _inUse = true;
        }
    }

    public void Exit()
    {
        bool close;
        lock (_gate)
        {
            _inUse = false;
            close = _disposed;
        }

        if (close)
        {
            resource.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_inUse)
            {
                return;
            }
        }

        resource.Dispose();
    }
}
