namespace PryvBus.Shared.Logging;

/// <summary>
/// A program refuses to start on purpose (a sample credential in use…): its message is the one line the operator
/// reads, and <see cref="ExitCode"/> the documented code (<see cref="StartupFailure"/>).
/// </summary>
public sealed class StartRefusedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
