namespace PryvBus.Follower.Containers;

/// <summary>
/// The restart of one component across its containers. <see cref="Outcome"/> is the worst of its containers'
/// (pending, then failed, then started, then restarted, then reloaded); <see cref="Error"/> names the container that
/// failed, or the one whose reload action fell back to a restart.
/// </summary>
public sealed record ComponentRestartResult(
    string Component,
    RestartOutcome Outcome,
    IReadOnlyList<ContainerRestartResult> Containers,
    string? Error,
    DateTimeOffset FinishedAt)
{
    /// <summary>True when Docker was unreachable: the caller should try again later with backoff.</summary>
    public bool IsPending => Outcome == RestartOutcome.Pending;

    public bool Succeeded => Outcome is RestartOutcome.Restarted or RestartOutcome.Started or RestartOutcome.Reloaded;

    internal static ComponentRestartResult From(string component, IReadOnlyList<ContainerRestartResult> containers, DateTimeOffset now)
    {
        if (containers.Count == 0)
        {
            return new(component, RestartOutcome.NoContainer, containers, "no container found", now);
        }

        var worst = containers.FirstOrDefault(c => c.Outcome == RestartOutcome.Pending)
            ?? containers.FirstOrDefault(c => c.Outcome == RestartOutcome.Failed);
        if (worst is not null)
        {
            return new(component, worst.Outcome, containers, $"{worst.Name}: {worst.Error}", worst.FinishedAt);
        }

        var outcome = containers.Any(c => c.Outcome == RestartOutcome.Started) ? RestartOutcome.Started
            : containers.Any(c => c.Outcome == RestartOutcome.Restarted) ? RestartOutcome.Restarted
            : RestartOutcome.Reloaded;
        var note = containers.FirstOrDefault(c => c.Note is not null);
        return new(component, outcome, containers, note is null ? null : $"{note.Name}: {note.Note}", containers.Max(c => c.FinishedAt));
    }

    internal static ComponentRestartResult Unreachable(string component, string reason, DateTimeOffset now) =>
        new(component, RestartOutcome.Pending, [], $"pending: docker unreachable ({reason})", now);

    internal static ComponentRestartResult ListingFailed(string component, string reason, DateTimeOffset now) =>
        new(component, RestartOutcome.Failed, [], $"listing containers failed: {reason}", now);
}
