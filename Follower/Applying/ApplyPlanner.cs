using System.Globalization;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Diffs a verified version against the disk and the follower's manifests. Every path is checked first: one unsafe
/// path rejects the whole version before anything is written. A file is read and compared only when its stamp
/// (<see cref="FileStamp"/>) is not the one the manifest recorded with the same content hash: a file the follower checked
/// before and nobody touched since costs one <c>statx</c>, so an apply reads and writes what changed.
/// </summary>
internal static class ApplyPlanner
{
    public static ApplyPlan Plan(
        string root, string realRoot, VerifiedVersion version, Manifest? applied, Manifest? pending, FileSettings files, DateTimeOffset now,
        bool everyFolder = true, ContentHashes? hashes = null)
    {
        var problems = new List<string>();
        var targets = new List<PlannedFile>(version.Files.Count);
        var stamps = new List<(FileStamp? Stamp, KnownFile Known, bool Secret)>(version.Files.Count);
        hashes ??= new ContentHashes();
        using var resolver = new PathResolver(root, realRoot, hashes);
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
        var stampsLearnt = false;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var (stamp, knownFile, secret) = stamps[i];
            var hash = hashes.Of(target.Path, knownFile, target.Content);
            ManifestEntry? last = null;
            var known = applied is not null && applied.Files.TryGetValue(target.Path, out last) && last.Sha256 == hash
                && stamp is { } s && Matches(knownFile, s, last.Stamp);
            if (known)
            {
                knownFile.Recorded = (last!.Stamp!, stamp!.Value); // the next plan compares numbers
            }

            if (known && stamp!.Value.Permissions == target.Mode && last!.Secret == secret)
            {
                // Checked before, untouched since: the entry is the applied manifest's, as it is (manifests are read only).
                entries[target.Path] = last;
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
            }
        }

        hashes.Keep();
        var deletes = PlanDeletes(resolver, version, applied, pending);
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
                .Concat(OwnedDirectories(resolver, applied, pending))
                .ToHashSet(StringComparer.Ordinal);
        return new ApplyPlan(writes, modeChanges, deletes, directories, ChangedPaths(manifest, applied, writes, deletes), manifest)
        {
            StampsLearnt = stampsLearnt,
        };
    }

    /// <summary>Only files the follower wrote (listed in its manifest or journal) and that the version no longer has.</summary>
    private static List<PlannedFile> PlanDeletes(PathResolver resolver, VerifiedVersion version, Manifest? applied, Manifest? pending)
    {
        var owned = new List<string>();
        foreach (var path in applied?.Files.Keys ?? Enumerable.Empty<string>())
        {
            if (!version.Files.ContainsKey(path))
            {
                owned.Add(path);
            }
        }

        foreach (var path in pending?.Files.Keys ?? Enumerable.Empty<string>())
        {
            if (!version.Files.ContainsKey(path) && applied?.Files.ContainsKey(path) != true)
            {
                owned.Add(path);
            }
        }

        owned.Sort(StringComparer.Ordinal);
        var deletes = new List<PlannedFile>();
        foreach (var path in owned)
        {
            try
            {
                var full = resolver.Resolve(path);
                if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
                {
                    deletes.Add(new PlannedFile(path, full, [], 0));
                }
            }
            catch (Exception ex) when (ex is VersionRejectedException or IOException)
            {
                // A manifest entry that is no longer safe to follow (a symlink appeared): leave it alone.
            }
        }

        return deletes;
    }

    /// <summary>Folders where a killed apply may have left a temporary file, even for a file that never got there.</summary>
    private static IEnumerable<string> OwnedDirectories(PathResolver resolver, Manifest? applied, Manifest? pending)
    {
        var paths = (applied?.Files.Keys ?? Enumerable.Empty<string>()).Concat(pending?.Files.Keys ?? Enumerable.Empty<string>());
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            string? full;
            try
            {
                full = resolver.Resolve(path);
            }
            catch (Exception ex) when (ex is VersionRejectedException or IOException)
            {
                full = null;
            }

            if (full is not null)
            {
                yield return Path.GetDirectoryName(full)!;
            }
        }
    }

    private static List<string> ChangedPaths(Manifest target, Manifest? applied, List<PlannedFile> writes, List<PlannedFile> deletes)
    {
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        changed.UnionWith(writes.Select(w => w.Path));
        changed.UnionWith(deletes.Select(d => d.Path));
        foreach (var (path, entry) in target.Files)
        {
            if (applied is null || !applied.Files.TryGetValue(path, out var old) || (!ReferenceEquals(old, entry) && old.Sha256 != entry.Sha256))
            {
                changed.Add(path);
            }
        }

        if (applied is not null)
        {
            changed.UnionWith(applied.Files.Keys.Where(p => !target.Files.ContainsKey(p)));
        }

        return [.. changed];
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
