namespace PryvBus.Follower.Containers;

/// <summary>A (re)started container exited, or was not running and healthy before the deadline.</summary>
public sealed class ContainerNotReadyException : Exception
{
    public ContainerNotReadyException()
    {
    }

    public ContainerNotReadyException(string message)
        : base(message)
    {
    }

    public ContainerNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
