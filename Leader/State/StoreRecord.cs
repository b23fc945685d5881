namespace PryvBus.Leader.State;

/// <summary>
/// What the leader knows of one store (one key prefix), kept in its state folder: the generation it works in and the
/// highest serial it stored (or was about to store) per role in that generation.
/// </summary>
public sealed class StoreRecord
{
    public long Generation { get; set; }

    public Dictionary<string, long> Serials { get; set; } = new(StringComparer.Ordinal);
}
