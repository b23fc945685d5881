namespace PryvBus.Leader.State;

/// <summary>
/// What the leader knows of one store (one key prefix), kept in its state folder: the generation it works in, the
/// highest serial it stored (or was about to store) per role in that generation as of the last pass that ended, and the
/// block of serials reserved above it (<see cref="StoreLedger"/>).
/// </summary>
public sealed class StoreRecord
{
    public long Generation { get; set; }

    public Dictionary<string, long> Serials { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per role, the top of the block of serials reserved durably: a pass may hand out any serial up to it without a
    /// durable write of its own. Absent (a record of an older leader): the block ends at <see cref="Serials"/>.
    /// </summary>
    public Dictionary<string, long> Reserved { get; set; } = new(StringComparer.Ordinal);
}
