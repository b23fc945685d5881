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
    /// How the digest laid it out (<see cref="VersionLayout"/>): its paths in order, with their contents; null when not
    /// known. Used only through <see cref="VersionLayout.Of"/>, which checks it is this version's own.
    /// </summary>
    internal VersionLayout? Layout { get; init; }
}
