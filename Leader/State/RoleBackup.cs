namespace PryvBus.Leader.State;

/// <summary>One role in a backup: its serial pointer, its pin, its history list and its retained versions.</summary>
public sealed class RoleBackup
{
    public string Role { get; set; } = string.Empty;

    public long? Serial { get; set; }

    public long? Pin { get; set; }

    /// <summary>Retained serials, oldest first (the history list).</summary>
    public List<long> History { get; set; } = [];

    public List<VersionBackup> Retained { get; set; } = [];
}
