using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The last plan that was committed, for the next one to start from (<see cref="QuickPlanner"/>): its paths in ordinal
/// order, with what the plan learnt of each (<see cref="KnownFile"/>) and the manifest entry it gave each, under the root
/// it resolved and the file settings and secret files it used. Valid only while <see cref="Target"/> is the applied
/// manifest (the very object the manifest store returns): the applier forgets it when an apply fails or commits nothing.
/// Used once: a quick plan updates it in place (<see cref="Entries"/>, <see cref="Settled"/>) for the plan after it.
/// </summary>
internal sealed class PlanMemory(
    string realRoot, FileSettings files, IReadOnlySet<string> secretFiles, string[] paths, KnownFile[] known, ManifestEntry[] entries, string?[] folders)
{
    public string RealRoot { get; } = realRoot;

    public FileSettings Files { get; } = files;

    public IReadOnlySet<string> SecretFiles { get; } = secretFiles;

    /// <summary>
    /// The version's paths in ordinal order; a quick plan may put in its place the same paths in its version's own array
    /// (<see cref="Fetching.VersionLayout"/>).
    /// </summary>
    public string[] Paths { get; set; } = paths;

    /// <summary>What the plan learnt of each path (same index as <see cref="Paths"/>).</summary>
    public KnownFile[] Known { get; } = known;

    /// <summary>The manifest entry of each path (same index as <see cref="Paths"/>); a quick plan updates those it decided.</summary>
    public ManifestEntry[] Entries { get; } = entries;

    /// <summary>
    /// For each path (same index as <see cref="Paths"/>), the <see cref="KnownFile.Marks"/> count at which a plan found it
    /// unchanged for good (<see cref="PlanDecisions.Unchanged"/>); -1 when none did since its entry was made. The same
    /// count, content and entry: still unchanged, without comparing again.
    /// </summary>
    public int[] Settled { get; } = Enumerable.Repeat(-1, paths.Length).ToArray();

    /// <summary>The folders of the paths (relative to the root; null: the root itself), each once.</summary>
    public string?[] Folders { get; } = folders;

    /// <summary>The manifest the plan made, once committed; null before.</summary>
    public Manifest? Target { get; set; }
}
