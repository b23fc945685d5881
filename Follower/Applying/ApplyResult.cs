namespace PryvBus.Follower.Applying;

/// <summary>
/// The outcome of an apply. <see cref="ChangedPaths"/> are the paths whose content differs from the previously
/// applied version (even when an interrupted apply had already written them), for the container step.
/// </summary>
public sealed record ApplyResult(
    long Serial,
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> ChangedPaths);
