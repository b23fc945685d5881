namespace PryvBus.Follower.Fetching;

/// <summary>
/// A version whose content matches its sha256 and whose signature (covering role, generation, serial and sha256)
/// verifies with this follower's key. Its paths are still untrusted until the applier has checked them.
/// </summary>
public sealed record VerifiedVersion(
    string Role,
    long Generation,
    long Serial,
    string Sha256,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlySet<string> SecretFiles);
