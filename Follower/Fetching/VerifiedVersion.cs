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
    /// The content of each path of <see cref="PathOrder"/> (same index), as the digest hashed it; null when not known. A
    /// plan over the same order takes each file's content from here, without a lookup by path (<c>QuickPlanner</c>).
    /// </summary>
    internal byte[][]? Contents { get; init; }
}
