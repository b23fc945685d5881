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

    /// <summary>A copy that the ledger's later changes leave as it is.</summary>
    public StoreRecord Copy() => new()
    {
        Generation = Generation,
        Serials = new(Serials, StringComparer.Ordinal),
        Reserved = new(Reserved, StringComparer.Ordinal),
    };

    /// <summary>True when both name the same generation, serials and blocks.</summary>
    public bool SameAs(StoreRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Generation == other.Generation && Same(Serials, other.Serials) && Same(Reserved, other.Reserved);
    }

    private static bool Same(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var value) && value == e.Value);
}
