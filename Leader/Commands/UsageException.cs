namespace PryvBus.Leader.Commands;

/// <summary>The command line is wrong: print the message and the usage, exit 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
