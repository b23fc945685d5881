using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Fetching;

/// <summary>
/// A version whose content matches its sha256 and whose signature (covering role, generation, serial and sha256)
/// verifies with this follower's key (with its component declarations, when it has some). Its paths are still untrusted until the applier has checked them.
/// </summary>
public sealed record VerifiedVersion(
    string Role,
    long Generation,
    long Serial,
    string Sha256,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlySet<string> SecretFiles)
{
    /// <summary>The signed reload actions and checks by component; empty when none is declared (every component restarts).</summary>
    public IReadOnlyDictionary<string, ComponentSpec> Components { get; init; } = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal);

    /// <summary>
    /// The paths of <see cref="Files"/> in ordinal order, as the digest laid them out (never changed); null when not known.
    /// A version put together from this one with the same paths is digested in this order without sorting again.
    /// </summary>
    internal string[]? PathOrder { get; init; }

    /// <summary>
    /// The version it was put together from (<see cref="FetchedVersion.Base"/>): every file but <see cref="Changed"/> is
    /// that version's very content. A plan that started from that version visits only those (<c>QuickPlanner</c>).
    /// </summary>
    internal VerifiedVersion? Base { get; init; }

    /// <summary>The paths whose content may differ from <see cref="Base"/>'s; null when there is no base.</summary>
    internal IReadOnlyList<string>? Changed { get; init; }
}
