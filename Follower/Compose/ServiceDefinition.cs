namespace PryvBus.Follower.Compose;

/// <summary>
/// One service of a compose file: its name, the digest of its normalised definition (key order irrelevant), and its
/// image reference (null for a service without one).
/// </summary>
public sealed record ServiceDefinition(string Name, string Digest, string? Image);
