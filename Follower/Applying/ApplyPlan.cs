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

    /// <summary>How many files the plan decided (a quick plan: those that changed or the root's watch no longer vouched for).</summary>
    public int Decided { get; init; }

    /// <summary>What the next plan may start from once this one is committed (<see cref="PlanMemory.Target"/> set then).</summary>
    public PlanMemory? Memory { get; init; }

    /// <summary>
    /// A quick plan's decided paths: every other file of <see cref="Target"/> has the very entry of the applied manifest it
    /// started from (<see cref="Basis"/>), so the manifest's record of the change looks at these only. Null: look at all.
    /// </summary>
    public IReadOnlyList<string>? Touched { get; init; }

    /// <summary>The applied manifest a quick plan started from; null for a full plan.</summary>
    public Manifest? Basis { get; init; }

    public bool TouchesDisk => Writes.Count > 0 || ModeChanges.Count > 0 || Deletes.Count > 0;

    /// <summary>
    /// Whether a file was read, found as the version has it, and its stamp is now recorded in <see cref="Target"/> where
    /// the applied manifest had none (or another): worth committing even when nothing else changed, so the next start
    /// trusts the stamp instead of reading the file again.
    /// </summary>
    public bool StampsLearnt { get; init; }
}
