namespace PryvBus.Follower.Applying;

/// <summary>What an apply must do, computed and checked before anything is written.</summary>
internal sealed record ApplyPlan(
    IReadOnlyList<PlannedFile> Writes,
    IReadOnlyList<PlannedFile> ModeChanges,
    IReadOnlyList<PlannedFile> Deletes,
    IReadOnlySet<string> Directories,
    IReadOnlyList<string> ChangedPaths,
    Manifest Target)
{
    /// <summary>How many files the plan looked at on disk (the others were vouched for by the root's watch).</summary>
    public int Lookups { get; init; }

    public bool TouchesDisk => Writes.Count > 0 || ModeChanges.Count > 0 || Deletes.Count > 0;
}
