namespace PryvBus.Leader.State;

/// <summary>The state folder, its key or a backup cannot be used: the message names the file or variable and what to do.</summary>
public sealed class StateException : Exception
{
    public StateException(string message)
        : base(message)
    {
    }

    public StateException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StateException()
    {
    }
}
