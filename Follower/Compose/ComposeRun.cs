namespace PryvBus.Follower.Compose;

/// <summary>One run of the compose tool: its exit code (null when it timed out) and the tail of its output, bounded.</summary>
public sealed record ComposeRun(int? ExitCode, string Output)
{
    /// <summary>How <see cref="Describe"/> starts for a run killed at its time limit.</summary>
    public const string TimedOut = "timed out";

    /// <summary>The longest last line <see cref="Describe"/> quotes.</summary>
    public const int MaxLine = 300;

    public bool Succeeded => ExitCode == 0;

    /// <summary>For the status and the log: the exit code (or the timeout) and the last line of output (at most <see cref="MaxLine"/> characters).</summary>
    public string Describe()
    {
        var last = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        last = new string([.. last.Select(c => char.IsControl(c) ? '?' : c)]);
        last = last.Length > MaxLine ? last[..MaxLine] + "…" : last;
        return ExitCode is { } code ? $"exit code {code}: {last}" : $"{TimedOut}: {last}";
    }
}
