using Docker.DotNet.Models;

namespace PryvBus.Follower.Checking;

/// <summary>
/// Where a check container sees the staged files: the staged folder, read-only, where the live folder (or a part of it)
/// is mounted in the component's running container; the component's other read-only mounts as they are; and in place of
/// what it may write (logs, data), an empty scratch folder (tmpfs), so a check can open its log files but never touches
/// live data. Paths are the daemon's; they equal the
/// follower's when the config root is mounted at the same path in the follower's container (as the sample platforms do).
/// </summary>
internal static class CheckMounts
{
    /// <returns>The mounts, or null when no mount of the container reaches the live folder (the check could not see the staged files).</returns>
    public static IReadOnlyList<Mount>? For(string liveFolder, string stagedFolder, IEnumerable<MountPoint> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var live = liveFolder.TrimEnd('/');
        var result = new List<Mount>();
        var placed = false;
        foreach (var mount in mounts.Where(m => !string.IsNullOrEmpty(m.Destination)))
        {
            if (mount.Type == "volume" && !string.IsNullOrEmpty(mount.Name))
            {
                result.Add(mount.RW ? Scratch(mount.Destination) : ReadOnly("volume", mount.Name, mount.Destination));
                continue;
            }

            if (mount.Type != "bind" || string.IsNullOrEmpty(mount.Source))
            {
                continue;
            }

            var source = mount.Source.Length > 1 ? mount.Source.TrimEnd('/') : mount.Source;
            if (live == source || live.StartsWith(source + "/", StringComparison.Ordinal))
            {
                // The live folder is this mount or inside it: keep the rest of the mount, and lay the staged folder over the live one.
                if (live != source)
                {
                    result.Add(ReadOnly("bind", source, mount.Destination));
                }

                result.Add(ReadOnly("bind", stagedFolder, mount.Destination.TrimEnd('/') + live[source.Length..]));
                placed = true;
            }
            else if (source.StartsWith(live + "/", StringComparison.Ordinal))
            {
                // A part of the live folder is mounted: mount the same part of the staged one (absent in the new version: left out).
                var staged = Path.Combine(stagedFolder, source[(live.Length + 1)..]);
                if (File.Exists(staged) || Directory.Exists(staged))
                {
                    result.Add(ReadOnly("bind", staged, mount.Destination));
                }

                placed = true;
            }
            else
            {
                result.Add(mount.RW ? Scratch(mount.Destination) : ReadOnly("bind", source, mount.Destination));
            }
        }

        // Docker mounts in order: a mount inside another must come after it.
        return placed ? result.OrderBy(m => m.Target!.Count(c => c == '/')).ThenBy(m => m.Target, StringComparer.Ordinal).ToList() : null;
    }

    private static Mount Scratch(string target) => new() { Type = "tmpfs", Target = target };

    private static Mount ReadOnly(string type, string source, string target) =>
        new() { Type = type, Source = source, Target = target, ReadOnly = true };
}
