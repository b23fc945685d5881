namespace PryvBus.Leader.State;

/// <summary>The content of <c>store.json</c> in the leader's state folder: one <see cref="StoreRecord"/> per key prefix.</summary>
public sealed class StoreRecordDocument
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public Dictionary<string, StoreRecord> Stores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The boot the file was last written in (<see cref="BootId"/>); null when unknown.</summary>
    public string? Boot { get; set; }
}
