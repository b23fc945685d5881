namespace PryvBus.Leader.State;

/// <summary>
/// The audit stream as a backup holds it: every entry (stream id and fields, as stored) and the head and anchor
/// positions, so a restored chain verifies exactly as it did.
/// </summary>
public sealed class AuditBackup
{
    public List<AuditBackupEntry> Entries { get; set; } = [];

    public string? Head { get; set; }

    public string? Anchor { get; set; }
}
