namespace PryvBus.Leader.State;

/// <summary>One audit stream entry in a backup: its Redis stream id (<c>ms-seq</c>) and its fields.</summary>
public sealed class AuditBackupEntry
{
    public string Id { get; set; } = string.Empty;

    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);
}
