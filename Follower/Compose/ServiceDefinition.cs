namespace PryvBus.Follower.Compose;

/// <summary>
/// One service of a compose file: its name, the digest of its normalised definition (key order irrelevant), and its
/// image reference (null for a service without one).
/// </summary>
public sealed record ServiceDefinition(string Name, string Digest, string? Image)
{
    /// <summary>Its <c>volumes</c>, as far as they can be read (<see cref="ServiceVolumes"/>): where it sees its files.</summary>
    public IReadOnlyList<ServiceVolume> Volumes { get; init; } = [];
}
