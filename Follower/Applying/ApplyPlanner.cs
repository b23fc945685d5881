using System.Globalization;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Diffs a verified version against the disk and the follower's manifests. Every path is checked first: one unsafe
/// path rejects the whole version before anything is written. Each file is then decided (<see cref="PlanDecisions"/>):
/// a file the follower checked before and nobody touched since costs one <c>statx</c>, so an apply reads and writes what
/// changed; while the root's watch (<see cref="RootWatch"/>) vouches for it, nothing at all; and when the last plan was
/// committed and the version has its paths, only the files that changed are visited (<see cref="QuickPlanner"/>).
/// </summary>
internal static class ApplyPlanner
{
    /// <param name="memory">
    /// The last committed plan (<see cref="PlanMemory"/>): when the version has its paths and the root's watch vouches for
    /// the rest, only the files whose content changed or that the watch no longer vouches for are decided
    /// (<see cref="QuickPlanner"/>); null: every file is.
    /// </param>
    public static ApplyPlan Plan(
        string root, string realRoot, VerifiedVersion version, Manifest? applied, Manifest? pending, FileSettings files, DateTimeOffset now,
        bool everyFolder = true, ContentHashes? hashes = null, RootWatch? watch = null, PlanMemory? memory = null)
    {
        hashes ??= new ContentHashes();
        watch?.Begin(realRoot);
        if (memory is not null && !everyFolder && watch is { Active: true }
            && QuickPlanner.Plan(memory, root, realRoot, version, applied, pending, files, now, hashes, watch) is { } quick)
        {
            return quick;
        }

        var problems = new List<string>();
        var targets = new List<PlannedFile>(version.Files.Count);
        var stamps = new List<(FileStamp? Stamp, KnownFile Known, bool Secret)>(version.Files.Count);
        using var resolver = new PathResolver(root, realRoot, hashes, watch);
        // The verifier's order holds exactly the version's paths (the digest checked it); without one, the sorted paths.
        var order = VersionLayout.Of(version)?.Order ?? hashes.Order(version.Files);
        foreach (var path in order)
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
        var decisions = new PlanDecisions(watch, DateTimeOffset.UtcNow); // the kernel's clock, whatever the apply's time provider says
        var entries = new Dictionary<string, ManifestEntry>(targets.Count, StringComparer.Ordinal);
        var known = new KnownFile[targets.Count];
        var kept = new ManifestEntry[targets.Count];
        var inApplied = 0;
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

            entries[target.Path] = kept[i] = decisions.Decide(target, stamp, knownFile, secret, hash, last);
            known[i] = knownFile;
        }

        hashes.Keep();

        // The version has exactly the applied manifest's paths: nothing of it to delete, no path gone.
        var samePaths = applied is not null && inApplied == targets.Count && applied.Files.Count == targets.Count;
        var deletes = ApplyPlanPaths.Deletes(resolver, version, samePaths ? null : applied, pending);
        var manifest = Target(version, now, entries);

        // Every folder the follower writes in, where an apply that did not finish may have left a temporary file.
        var directories = !everyFolder
            ? new HashSet<string>(StringComparer.Ordinal)
            : targets.Concat(deletes)
                .Select(f => Path.GetDirectoryName(f.FullPath)!)
                .Concat(ApplyPlanPaths.OwnedDirectories(resolver, applied, pending))
                .ToHashSet(StringComparer.Ordinal);
        var folders = known.Select(k => k.Folder).Distinct(StringComparer.Ordinal).ToArray();
        return new ApplyPlan(
            decisions.Writes, decisions.ModeChanges, deletes, directories,
            ApplyPlanPaths.Changed(manifest, applied, samePaths, decisions.Writes, deletes), manifest)
        {
            Lookups = resolver.Lookups,
            FolderLookups = resolver.FolderLookups,
            StampsLearnt = decisions.StampsLearnt,
            Decided = targets.Count,
            Memory = new PlanMemory(realRoot, files, version.SecretFiles, order, known, kept, folders),
        };
    }

    /// <summary>The manifest of <paramref name="version"/> applied at <paramref name="now"/> with <paramref name="entries"/>.</summary>
    public static Manifest Target(VerifiedVersion version, DateTimeOffset now, Dictionary<string, ManifestEntry> entries) => new()
    {
        Role = version.Role,
        Serial = version.Serial,
        Generation = version.Generation,
        Sha256 = version.Sha256,
        Applied = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        Files = entries,
    };
}
