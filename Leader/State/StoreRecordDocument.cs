namespace PryvBus.Leader.State;

/// <summary>The content of <c>store.json</c> in the leader's state folder: one <see cref="StoreRecord"/> per key prefix.</summary>
public sealed class StoreRecordDocument
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public Dictionary<string, StoreRecord> Stores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The boot the file was last written in (<see cref="BootId"/>); null when unknown.</summary>
    public string? Boot { get; set; }

    /// <summary>Takes every reserved block as handed out: each role's serial becomes the block's top, the block is dropped.</summary>
    /// <returns>True when anything changed.</returns>
    public bool SettleBlocks()
    {
        var changed = false;
        foreach (var record in Stores.Values)
        {
            foreach (var (role, top) in record.Reserved)
            {
                if (top > record.Serials.GetValueOrDefault(role))
                {
                    record.Serials[role] = top;
                }
            }

            changed |= record.Reserved.Count > 0;
            record.Reserved.Clear();
        }

        return changed;
    }
}
