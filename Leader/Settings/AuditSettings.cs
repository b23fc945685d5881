namespace PryvBus.Leader.Settings;

/// <summary>
/// The <c>audit</c> section: how much of the audit stream is kept. Past <see cref="MaxEntries"/> entries, or entries
/// older than <see cref="MaxAgeDays"/> (0: no age limit), the oldest are trimmed; the chain stays verifiable from the
/// first kept entry.
/// </summary>
public sealed record AuditSettings(int MaxEntries, int MaxAgeDays)
{
    public static AuditSettings Default { get; } = new(100_000, 0);
}
