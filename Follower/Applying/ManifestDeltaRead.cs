namespace PryvBus.Follower.Applying;

/// <summary>What <see cref="ManifestDelta.Parse"/> found in a delta file.</summary>
/// <param name="Records">
/// The complete records, in order (none when <paramref name="Stale"/>). With a <paramref name="Problem"/>, those before it:
/// not to be replayed, only to say which versions were applied (<see cref="ManifestStore.Floor"/>).
/// </param>
/// <param name="Length">Bytes of the header and the complete records: where the next record goes.</param>
/// <param name="Torn">Whether an incomplete last record follows them (an append cut short: ignored).</param>
/// <param name="Stale">Whether the delta belongs to another full write of the manifest (a compaction superseded it).</param>
/// <param name="Problem">Why the delta cannot be used (a garbled or hostile record), naming the byte; null when it can.</param>
internal sealed record ManifestDeltaRead(IReadOnlyList<ManifestDeltaRecord> Records, int Length, bool Torn, bool Stale, string? Problem);
