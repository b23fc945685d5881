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

    /// <summary>How many folders below the root the plan looked at on disk (the others were vouched for by the root's watch).</summary>
    public int FolderLookups { get; init; }

    public bool TouchesDisk => Writes.Count > 0 || ModeChanges.Count > 0 || Deletes.Count > 0;

    /// <summary>
    /// Whether a file was read, found as the version has it, and its stamp is now recorded in <see cref="Target"/> where
    /// the applied manifest had none (or another): worth committing even when nothing else changed, so the next start
    /// trusts the stamp instead of reading the file again.
    /// </summary>
    public bool StampsLearnt { get; init; }
}
