using System.Globalization;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Diffs a verified version against the disk and the follower's manifests. Every path is checked first: one unsafe
/// path rejects the whole version before anything is written. A file is read and compared only when its stamp
/// (<see cref="FileStamp"/>) is not the one the manifest recorded with the same content hash: a file the follower checked
/// before and nobody touched since costs one <c>statx</c>, so an apply reads and writes what changed; while the root's
/// watch (<see cref="RootWatch"/>) vouches for it, nothing at all.
/// </summary>
internal static class ApplyPlanner
{
    public static ApplyPlan Plan(
        string root, string realRoot, VerifiedVersion version, Manifest? applied, Manifest? pending, FileSettings files, DateTimeOffset now,
        bool everyFolder = true, ContentHashes? hashes = null, RootWatch? watch = null)
    {
        var problems = new List<string>();
        var targets = new List<PlannedFile>(version.Files.Count);
        var stamps = new List<(FileStamp? Stamp, KnownFile Known, bool Secret)>(version.Files.Count);
        hashes ??= new ContentHashes();
        watch?.Begin(realRoot);
        using var resolver = new PathResolver(root, realRoot, hashes, watch);
        foreach (var path in hashes.Order(version.Files))
        {
            try
            {
                var secret = version.SecretFiles.Contains(path);
                targets.Add(new PlannedFile(path, resolver.Resolve(path), version.Files[path], secret ? files.SecretFileMode : files.FileMode));
                stamps.Add((resolver.LastStamp, resolver.LastKnown!, secret));
            }
            catch (VersionRejectedException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new VersionRejectedException(string.Join("; ", problems));
        }

        hashes.Begin();
        var writes = new List<PlannedFile>();
        var modeChanges = new List<PlannedFile>();
        var entries = new Dictionary<string, ManifestEntry>(targets.Count, StringComparer.Ordinal);
        var clock = DateTimeOffset.UtcNow; // the kernel's clock, whatever the apply's time provider says
        var inApplied = 0;
        var stampsLearnt = false;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var (stamp, knownFile, secret) = stamps[i];
            var hash = hashes.Of(target.Path, knownFile, target.Content);
            ManifestEntry? last = null;
            if (applied is not null && applied.Files.TryGetValue(target.Path, out last))
            {
                inApplied++;
            }

            if (knownFile.Clean is { } clean)
            {
                // Checked while watched, untouched since: decided without looking at the disk.
                stampsLearnt |= PlanClean(target, knownFile, hash, secret, clean, last, entries, writes, modeChanges, clock);
                continue;
            }

            var known = last is not null && last.Sha256 == hash && stamp is { } s && Matches(knownFile, s, last.Stamp);
            if (known)
            {
                knownFile.Recorded = (last!.Stamp!, stamp!.Value); // the next plan compares numbers
            }

            if (known && stamp!.Value.Permissions == target.Mode && last!.Secret == secret)
            {
                // Checked before, untouched since: the entry is the applied manifest's, as it is (manifests are read only).
                entries[target.Path] = last;
                watch?.Checked(knownFile, hash, stamp.Value);
                continue;
            }

            var entry = new ManifestEntry { Sha256 = hash, Secret = secret };
            entries[target.Path] = entry;
            if (known ? stamp!.Value.Permissions != target.Mode : Differs(target))
            {
                (known ? modeChanges : writes).Add(target);
            }
            else if (!known && File.GetUnixFileMode(target.FullPath) != target.Mode)
            {
                modeChanges.Add(target);
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
                    stampsLearnt = true;
                }

                if (stamp is { } seen)
                {
                    watch?.Checked(knownFile, hash, seen);
                }
            }
        }

        hashes.Keep();

        // The version has exactly the applied manifest's paths: nothing of it to delete, no path gone.
        var samePaths = applied is not null && inApplied == targets.Count && applied.Files.Count == targets.Count;
        var deletes = ApplyPlanPaths.Deletes(resolver, version, samePaths ? null : applied, pending);
        var manifest = new Manifest
        {
            Role = version.Role,
            Serial = version.Serial,
            Generation = version.Generation,
            Sha256 = version.Sha256,
            Applied = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            Files = entries,
        };

        // Every folder the follower writes in, where an apply that did not finish may have left a temporary file.
        var directories = !everyFolder
            ? new HashSet<string>(StringComparer.Ordinal)
            : targets.Concat(deletes)
                .Select(f => Path.GetDirectoryName(f.FullPath)!)
                .Concat(ApplyPlanPaths.OwnedDirectories(resolver, applied, pending))
                .ToHashSet(StringComparer.Ordinal);
        return new ApplyPlan(writes, modeChanges, deletes, directories, ApplyPlanPaths.Changed(manifest, applied, samePaths, writes, deletes), manifest)
        {
            Lookups = resolver.Lookups,
            FolderLookups = resolver.FolderLookups,
            StampsLearnt = stampsLearnt,
        };
    }

    /// <summary>
    /// A file the watch vouches for: the disk holds <paramref name="clean"/>'s content and mode. The applied manifest's entry
    /// is kept when it says the same with the disk's stamp; otherwise a new one records the stamp seen at the check (still
    /// the disk's), once it is old enough: a restarted follower, without its watch, trusts it. True when that stamp is new.
    /// </summary>
    private static bool PlanClean(
        PlannedFile target, KnownFile known, string hash, bool secret, (string Sha256, FileStamp Stamp, long At) clean, ManifestEntry? last,
        Dictionary<string, ManifestEntry> entries, List<PlannedFile> writes, List<PlannedFile> modeChanges, DateTimeOffset clock)
    {
        if (clean.Sha256 != hash || clean.Stamp.Permissions != target.Mode)
        {
            (clean.Sha256 != hash ? writes : modeChanges).Add(target);
            entries[target.Path] = new ManifestEntry { Sha256 = hash, Secret = secret };
            return false;
        }

        if (last is not null && last.Sha256 == hash && last.Secret == secret && Matches(known, clean.Stamp, last.Stamp))
        {
            entries[target.Path] = last;
            return false;
        }

        var entry = new ManifestEntry { Sha256 = hash, Secret = secret, Stamp = clean.Stamp.Recordable(clock) };
        entries[target.Path] = entry;
        if (entry.Stamp is not { } text)
        {
            return false;
        }

        known.Recorded = (text, clean.Stamp);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="stamp"/> is the one recorded as <paramref name="recorded"/>: compared as numbers when the
    /// text is the one kept for the path with the stamp it stands for (the text is a one-to-one function of the stamp).
    /// </summary>
    private static bool Matches(KnownFile known, FileStamp stamp, string? recorded) =>
        recorded is not null && known.Recorded is { } kept && string.Equals(kept.Text, recorded, StringComparison.Ordinal)
            ? kept.Stamp == stamp
            : stamp.Matches(recorded);

    private static bool Differs(PlannedFile target) =>
        !File.Exists(target.FullPath) || !File.ReadAllBytes(target.FullPath).AsSpan().SequenceEqual(target.Content);
}
