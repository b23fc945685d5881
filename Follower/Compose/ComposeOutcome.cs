namespace PryvBus.Follower.Compose;

/// <summary>
/// The result of one pass of the compose step. <see cref="Pending"/>: Docker or the compose tool is absent, the pass is
/// owed again (with backoff). <see cref="Recreated"/>: services brought up with their new definition (they need no
/// restart for their files). <see cref="StatusFields"/>: the status hash fields to write (bounded).
/// </summary>
public sealed record ComposeOutcome(
    bool Pending,
    string? Reason,
    IReadOnlyCollection<string> Recreated,
    IReadOnlyDictionary<string, string> StatusFields)
{
    /// <summary>True when <c>pryv.yml</c> changed during the pass: it is owed again, at once.</summary>
    public bool Again { get; init; }
}
