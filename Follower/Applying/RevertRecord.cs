namespace PryvBus.Follower.Applying;

/// <summary>
/// <c>.pryvbus/reverted.json</c>: the version the follower reverted (or must revert) and why. While it exists, that
/// version (same serial, generation and digest) is not applied again; a newer version or an operator's reload removes it.
/// <see cref="Done"/> is false from the decision until the last good files are committed: a restart finishes the revert.
/// </summary>
public sealed class RevertRecord
{
    public long Serial { get; set; }

    public long Generation { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public bool Done { get; set; }

    /// <summary>The serial of the version reverted to (0 until <see cref="Done"/>).</summary>
    public long RevertedTo { get; set; }
}
