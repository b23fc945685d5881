using PryvBus.Follower.Fetching;

namespace PryvBus.Follower.Applying;

/// <summary><see cref="ApplyPlanner"/>'s paths beyond the version's files: what to delete, where to sweep, what changed.</summary>
internal static class ApplyPlanPaths
{
    /// <summary>Only files the follower wrote (listed in its manifest or journal) and that the version no longer has.</summary>
    public static List<PlannedFile> Deletes(PathResolver resolver, VerifiedVersion version, Manifest? applied, Manifest? pending)
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
    public static IEnumerable<string> OwnedDirectories(PathResolver resolver, Manifest? applied, Manifest? pending)
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

    public static List<string> Changed(Manifest target, Manifest? applied, bool samePaths, List<PlannedFile> writes, List<PlannedFile> deletes)
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

        if (applied is not null && !samePaths)
        {
            changed.UnionWith(applied.Files.Keys.Where(p => !target.Files.ContainsKey(p)));
        }

        return [.. changed];
    }
}
