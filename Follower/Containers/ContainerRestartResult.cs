namespace PryvBus.Follower.Containers;

/// <summary>The restart of one container: its outcome, how many attempts it took, and the last error if it failed.</summary>
public sealed record ContainerRestartResult(
    string Id,
    string Name,
    RestartOutcome Outcome,
    int Attempts,
    string? Error,
    DateTimeOffset FinishedAt);
