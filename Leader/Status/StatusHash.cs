namespace PryvBus.Leader.Status;

/// <summary>
/// One follower's status hash as the leader read it: the known fields asked for, or why the hash was rejected
/// (too many fields, too large, not a hash) and deleted.
/// </summary>
public sealed record StatusHash(IReadOnlyDictionary<string, string> Fields, string? Rejected, bool Exists = true)
{
    /// <summary>The follower never wrote its status hash (or it was deleted).</summary>
    public static StatusHash Missing { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), null, Exists: false);
}
