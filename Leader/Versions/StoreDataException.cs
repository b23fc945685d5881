namespace PryvBus.Leader.Versions;

/// <summary>Something read from Redis is not what the leader wrote (a number out of range, garbage): names the key.</summary>
public sealed class StoreDataException : Exception
{
    public StoreDataException()
    {
    }

    public StoreDataException(string message)
        : base(message)
    {
    }

    public StoreDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
