namespace PryvBus.Follower.Applying;

/// <summary>
/// One plan's decisions, file by file (<see cref="ApplyPlanner"/>, <see cref="QuickPlanner"/>): whether a file is
/// written, gets its mode back, or is left as it is, and the manifest entry it gets. A file is read and compared only
/// when its stamp (<see cref="FileStamp"/>) is not the one the manifest recorded with the same content hash; a file the
/// root's watch vouches for (<see cref="KnownFile.Clean"/>) is decided without looking at the disk.
/// </summary>
internal sealed class PlanDecisions(RootWatch? watch, DateTimeOffset clock)
{
    public List<PlannedFile> Writes { get; } = [];

    public List<PlannedFile> ModeChanges { get; } = [];

    /// <summary>Whether a stamp was recorded where the applied manifest had none (or another): <see cref="ApplyPlan.StampsLearnt"/>.</summary>
    public bool StampsLearnt { get; private set; }

    /// <summary>
    /// Decides <paramref name="target"/> (content hash <paramref name="hash"/>, seen as <paramref name="stamp"/>, a link
    /// not followed) against <paramref name="last"/>, its entry in the applied manifest; returns its entry in the new one.
    /// </summary>
    public ManifestEntry Decide(PlannedFile target, FileStamp? stamp, KnownFile knownFile, bool secret, string hash, ManifestEntry? last)
    {
        if (knownFile.Clean is { } clean)
        {
            // Checked while watched, untouched since: decided without looking at the disk.
            return DecideClean(target, knownFile, hash, secret, clean, last);
        }

        var known = last is not null && last.Sha256 == hash && stamp is { } s && Matches(knownFile, s, last.Stamp);
        if (known)
        {
            knownFile.Recorded = (last!.Stamp!, stamp!.Value); // the next plan compares numbers
        }

        if (known && stamp!.Value.Permissions == target.Mode && last!.Secret == secret)
        {
            // Checked before, untouched since: the entry is the applied manifest's, as it is (manifests are read only).
            watch?.Checked(knownFile, hash, stamp.Value);
            return last;
        }

        var entry = new ManifestEntry { Sha256 = hash, Secret = secret };
        if (known ? stamp!.Value.Permissions != target.Mode : Differs(target, stamp))
        {
            (known ? ModeChanges : Writes).Add(target);
        }
        else if (!known && stamp!.Value.Permissions != target.Mode)
        {
            ModeChanges.Add(target);
        }
        else
        {
            // Checked now and left as it is: the next apply trusts this stamp (once it is old enough) instead of reading.
            // Taken before the read, so a change in between leaves a stamp that no longer matches. A stamp trusted
            // already is the same text: kept as it is.
            entry.Stamp = known ? last!.Stamp : stamp?.Recordable(clock);
            if (!known && entry.Stamp is { } text)
            {
                knownFile.Recorded = (text, stamp!.Value);
                StampsLearnt = true;
            }

            if (stamp is { } seen)
            {
                watch?.Checked(knownFile, hash, seen);
            }
        }

        return entry;
    }

    /// <summary>
    /// Whether <see cref="Decide"/> would leave the file the watch vouches for as it is, with <paramref name="last"/> as its
    /// entry or one that says the same (no stamp to record yet): the disk holds that content (<paramref name="hash"/>) and
    /// <paramref name="mode"/>. What <see cref="QuickPlanner"/> carries over without deciding the file again.
    /// </summary>
    /// <param name="settled">
    /// Whether it holds for as long as the mark, the content and the entry stay (the entry records the disk's stamp); false
    /// when it holds only until the stamp is old enough to be recorded.
    /// </param>
    public bool Unchanged(KnownFile known, string hash, bool secret, UnixFileMode mode, ManifestEntry last, out bool settled)
    {
        settled = false;
        if (known.Clean is not { } clean || !string.Equals(clean.Sha256, hash, StringComparison.Ordinal) || clean.Stamp.Permissions != mode
            || !string.Equals(last.Sha256, hash, StringComparison.Ordinal) || last.Secret != secret)
        {
            return false;
        }

        settled = Matches(known, clean.Stamp, last.Stamp);
        return settled || (last.Stamp is null && !clean.Stamp.IsRecordable(clock));
    }

    /// <summary>
    /// A file the watch vouches for: the disk holds <paramref name="clean"/>'s content and mode. The applied manifest's entry
    /// is kept when it says the same with the disk's stamp; otherwise a new one records the stamp seen at the check (still
    /// the disk's), once it is old enough: a restarted follower, without its watch, trusts it.
    /// </summary>
    private ManifestEntry DecideClean(
        PlannedFile target, KnownFile known, string hash, bool secret, (string Sha256, FileStamp Stamp, long At) clean, ManifestEntry? last)
    {
        if (clean.Sha256 != hash || clean.Stamp.Permissions != target.Mode)
        {
            (clean.Sha256 != hash ? Writes : ModeChanges).Add(target);
            return new ManifestEntry { Sha256 = hash, Secret = secret };
        }

        if (last is not null && last.Sha256 == hash && last.Secret == secret && Matches(known, clean.Stamp, last.Stamp))
        {
            return last;
        }

        var entry = new ManifestEntry { Sha256 = hash, Secret = secret, Stamp = clean.Stamp.Recordable(clock) };
        if (entry.Stamp is { } text)
        {
            known.Recorded = (text, clean.Stamp);
            StampsLearnt = true;
        }

        return entry;
    }

    /// <summary>
    /// Whether <paramref name="stamp"/> is the one recorded as <paramref name="recorded"/>: compared as numbers when the
    /// text is the one kept for the path with the stamp it stands for (the text is a one-to-one function of the stamp).
    /// </summary>
    private static bool Matches(KnownFile known, FileStamp stamp, string? recorded) =>
        recorded is not null && known.Recorded is { } kept && string.Equals(kept.Text, recorded, StringComparison.Ordinal)
            ? kept.Stamp == stamp
            : stamp.Matches(recorded);

    /// <summary>
    /// Whether the disk's file differs from the version's: a regular file of another size does, without reading it.
    /// Anything that is not a regular file (missing, a FIFO, a socket, a device, a folder, a link put there since the path
    /// was resolved) differs and is never read: the write's rename replaces it. A read of one could block for ever (a FIFO
    /// with no writer) or never end (a link to <c>/dev/zero</c>). So does a file that does not open.
    /// </summary>
    private static bool Differs(PlannedFile target, FileStamp? stamp) =>
        stamp is not { IsRegular: true } seen
        || seen.Size != target.Content.LongLength
        || DiskContent.Holds(target.FullPath, target.Content) is not true;
}
