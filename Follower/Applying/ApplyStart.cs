namespace PryvBus.Follower.Applying;

/// <summary>
/// What an apply reads before it looks at the version (<see cref="ConfigApplier.Prepare"/>): the root's real path and the
/// follower's manifests. Read while the version's round trip is in flight, for the apply of that same sync only.
/// </summary>
public sealed class ApplyStart
{
    internal ApplyStart(string realRoot, Manifest? applied, Manifest? pending) => (RealRoot, Applied, Pending) = (realRoot, applied, pending);

    internal string RealRoot { get; }

    internal Manifest? Applied { get; }

    internal Manifest? Pending { get; }
}
