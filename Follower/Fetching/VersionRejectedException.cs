namespace PryvBus.Follower.Fetching;

/// <summary>A version that must not be written: bad digest, bad signature, unsafe path. The last good config stays.</summary>
public sealed class VersionRejectedException : Exception
{
    public VersionRejectedException()
    {
    }

    public VersionRejectedException(string message)
        : base(message)
    {
    }

    public VersionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
