namespace PryvBus.Follower.Compose;

/// <summary>One run of the compose tool: its exit code (null when it timed out) and the tail of its output, bounded.</summary>
public sealed record ComposeRun(int? ExitCode, string Output)
{
    /// <summary>How <see cref="Describe"/> starts for a run killed at its time limit.</summary>
    public const string TimedOut = "timed out";

    public bool Succeeded => ExitCode == 0;

    /// <summary>For the status and the log: the exit code (or the timeout) and the last line of output.</summary>
    public string Describe()
    {
        var last = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        return ExitCode is { } code ? $"exit code {code}: {last}" : $"{TimedOut}: {last}";
    }
}
