namespace PryvBus.Follower.Containers;

/// <summary>
/// The restart (or reload) of one container: its outcome, how many attempts it took, the last error if it failed, and a
/// note for the operator when it succeeded otherwise than asked (a reload action that fell back to a restart).
/// </summary>
public sealed record ContainerRestartResult(
    string Id,
    string Name,
    RestartOutcome Outcome,
    int Attempts,
    string? Error,
    DateTimeOffset FinishedAt,
    string? Note = null);
