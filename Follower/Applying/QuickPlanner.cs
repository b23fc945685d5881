using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// A plan that starts from the last committed one (<see cref="PlanMemory"/>) and decides only the files whose content
/// changed or that the root's watch no longer vouches for; every other file keeps its entry, as
/// <see cref="ApplyPlanner"/> would decide it (<see cref="PlanDecisions.Unchanged"/>). It gives the same plan as a full
/// one, at the cost of the changed files plus a pass over the others that hashes no text and looks at no disk: an apply of
/// one file in a role of thousands costs about one file. It runs only when the version has exactly the last plan's paths
/// and secret files, under the same root and file settings, with that plan's manifest applied and no journal; anything
/// unusual on the way (a folder gone or refused, a path refused, a mark the plan itself cleared) gives it up for a full
/// plan (null).
/// </summary>
internal static class QuickPlanner
{
    public static ApplyPlan? Plan(
        PlanMemory last, string root, string realRoot, VerifiedVersion version, Manifest? applied, Manifest? pending, FileSettings files,
        DateTimeOffset now, ContentHashes hashes, RootWatch watch)
    {
        var paths = last.Paths;
        if (pending is not null || applied is null || !ReferenceEquals(applied, last.Target) || realRoot != last.RealRoot
            || !ReferenceEquals(files, last.Files) || version.Files.Count != paths.Length || !SameSet(version.SecretFiles, last.SecretFiles))
        {
            return null;
        }

        using var resolver = new PathResolver(root, realRoot, hashes, watch);
        try
        {
            // The folders first, as a full plan's first file in each would: a folder swapped or gone drops its files' marks.
            if (!Array.TrueForAll(last.Folders, resolver.FolderExists))
            {
                return null;
            }

            // The version's paths in the last plan's very order (the digest checked it): its contents by index, no lookup.
            var layout = VersionLayout.Of(version);
            var contents = layout is not null && ReferenceEquals(layout.Order, paths) ? layout.Contents : null;

            var decisions = new PlanDecisions(watch, DateTimeOffset.UtcNow); // the kernel's clock, whatever the apply's time provider says
            var decided = new List<(int Index, byte[] Content)>();
            var ticks = Environment.TickCount64;
            for (var i = 0; i < paths.Length; i++)
            {
                var content = contents?[i];
                if (content is null && !version.Files.TryGetValue(paths[i], out content))
                {
                    return null; // other paths
                }

                var known = last.Known[i];
                if (known.Hashed is { } hashed && (ReferenceEquals(hashed.Content, content) || hashed.Content.AsSpan().SequenceEqual(content))
                    && watch.Trusts(known, ticks) && Unchanged(last, i, known, hashed.Sha256, decisions, files))
                {
                    continue;
                }

                decided.Add((i, content));
            }

            var targets = new PlannedFile[decided.Count];
            var stamps = new FileStamp?[decided.Count];
            for (var d = 0; d < decided.Count; d++)
            {
                var (i, content) = decided[d];
                var secret = last.Entries[i].Secret;
                targets[d] = new PlannedFile(paths[i], resolver.Resolve(paths[i]), content, Mode(files, secret));
                stamps[d] = resolver.LastStamp;
            }

            if (!StillVouched(last, decided))
            {
                return null; // looking at a file dropped another's mark (one file at two paths): decided in full
            }

            var entries = new Dictionary<string, ManifestEntry>(applied.Files, StringComparer.Ordinal);
            var touched = new List<string>(decided.Count);
            var changed = new SortedSet<string>(StringComparer.Ordinal);
            var kept = new ManifestEntry[decided.Count];
            for (var d = 0; d < decided.Count; d++)
            {
                var i = decided[d].Index;
                var target = targets[d];
                var old = last.Entries[i];
                var entry = decisions.Decide(target, stamps[d], last.Known[i], old.Secret, ContentHashes.Hash(last.Known[i], target.Content), old);
                entries[target.Path] = kept[d] = entry;
                touched.Add(target.Path);
                if (!ReferenceEquals(old, entry) && old.Sha256 != entry.Sha256)
                {
                    changed.Add(target.Path);
                }
            }

            changed.UnionWith(decisions.Writes.Select(w => w.Path));
            for (var d = 0; d < decided.Count; d++)
            {
                last.Entries[decided[d].Index] = kept[d];
                last.Settled[decided[d].Index] = -1;
            }

            last.Target = null; // until this plan's manifest is committed

            // The same paths, in the same (sorted) order: the version's own array from now on, for its successors' contents by index.
            last.Paths = layout?.Order ?? paths;
            return new ApplyPlan(
                decisions.Writes, decisions.ModeChanges, [], new HashSet<string>(StringComparer.Ordinal), [.. changed],
                ApplyPlanner.Target(version, now, entries))
            {
                Lookups = resolver.Lookups,
                FolderLookups = resolver.FolderLookups,
                StampsLearnt = decisions.StampsLearnt,
                Decided = decided.Count,
                Memory = last,
                Touched = touched,
                Basis = applied,
            };
        }
        catch (VersionRejectedException)
        {
            return null; // the full plan names every refused path
        }
    }

    /// <summary>
    /// Whether the file at <paramref name="i"/>, its content the last plan's, is unchanged (<see cref="PlanDecisions.Unchanged"/>):
    /// not compared again while its mark is the one it was found unchanged for good with.
    /// </summary>
    private static bool Unchanged(PlanMemory last, int i, KnownFile known, string hash, PlanDecisions decisions, FileSettings files)
    {
        if (last.Settled[i] == known.Marks)
        {
            return true;
        }

        var entry = last.Entries[i];
        if (!decisions.Unchanged(known, hash, entry.Secret, Mode(files, entry.Secret), entry, out var settled))
        {
            return false;
        }

        last.Settled[i] = settled ? known.Marks : -1;
        return true;
    }

    private static UnixFileMode Mode(FileSettings files, bool secret) => secret ? files.SecretFileMode : files.FileMode;

    private static bool SameSet(IReadOnlySet<string> a, IReadOnlySet<string> b) => ReferenceEquals(a, b) || (a.Count == b.Count && a.SetEquals(b));

    /// <summary>Whether every file carried over still has the mark it was carried over for.</summary>
    private static bool StillVouched(PlanMemory last, List<(int Index, byte[] Content)> decided)
    {
        var next = 0;
        for (var i = 0; i < last.Known.Length; i++)
        {
            if (next < decided.Count && decided[next].Index == i)
            {
                next++;
            }
            else if (last.Known[i].Clean is null)
            {
                return false;
            }
        }

        return true;
    }
}
