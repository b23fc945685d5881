namespace PryvBus.Leader.Versions;

/// <summary>
/// What the leader itself knows about the store, never taken from Redis or a follower: the generation it writes in
/// and the highest serial it stored per role in that generation. <see cref="VersionStore"/> stores above it and
/// reserves every serial here before committing it, so a failover that loses the newest writes cannot lower it.
/// </summary>
public interface ISerialLedger
{
    /// <summary>The store generation every version is stored and signed in.</summary>
    long Generation { get; }

    /// <summary>
    /// True when the pass took <see cref="Generation"/> from the leader's own record without reading Redis's generation
    /// key (a trusted pass): every store is then conditioned on that key.
    /// </summary>
    bool GenerationUnread => false;

    /// <summary>The highest serial stored for the role in <see cref="Generation"/>; 0 when none.</summary>
    long HighestStored(string role);

    /// <summary>Records, durably, that <paramref name="serial"/> of the role is about to be (or was) stored.</summary>
    ValueTask ReserveAsync(string role, long serial, CancellationToken ct);
}
