namespace PryvBus.Leader.State;

/// <summary>The content of <c>store.json</c> in the leader's state folder: one <see cref="StoreRecord"/> per key prefix.</summary>
public sealed class StoreRecordDocument
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public Dictionary<string, StoreRecord> Stores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The boot the file was last written in (<see cref="BootId"/>); null when unknown.</summary>
    public string? Boot { get; set; }

    /// <summary>
    /// Takes reserved blocks as handed out: each role's serial becomes its block's top and the block is dropped, for
    /// every role of every key prefix, or only the roles <paramref name="only"/> names.
    /// </summary>
    /// <returns>True when anything changed.</returns>
    public bool SettleBlocks(IReadOnlySet<(string Prefix, string Role)>? only = null)
    {
        var changed = false;
        foreach (var (prefix, record) in Stores)
        {
            foreach (var (role, top) in record.Reserved.Where(r => only is null || only.Contains((prefix, r.Key))).ToArray())
            {
                record.Serials[role] = Math.Max(top, record.Serials.GetValueOrDefault(role));
                record.Reserved.Remove(role);
                changed = true;
            }
        }

        return changed;
    }
}
