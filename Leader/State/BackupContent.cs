namespace PryvBus.Leader.State;

/// <summary>
/// Everything PryvBus keeps, as sealed in a backup file (gzipped JSON): the store generation, the roles set, per role
/// its serial, pin and retained versions (files and meta), every secret with its rotated-out values, the audit stream
/// and the users file (both absent from backups taken before they existed).
/// Follower status hashes are not part of it: followers report again.
/// </summary>
public sealed class BackupContent
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    /// <summary>When it was taken (UTC, ISO 8601).</summary>
    public string Created { get; set; } = string.Empty;

    /// <summary>The key prefix it was taken from (a restore writes under the configured one).</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The value of <c>{prefix}:generation</c>, when set.</summary>
    public string? Generation { get; set; }

    public List<string> Roles { get; set; } = [];

    public List<RoleBackup> Versions { get; set; } = [];

    /// <summary>Scope (<c>platform</c>, <c>role:{role}</c>) → name → value and rotated-out values.</summary>
    public Dictionary<string, Dictionary<string, SecretEntry>> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The audit stream with its head and anchor; null in older backups.</summary>
    public AuditBackup? Audit { get; set; }

    /// <summary>The users file's content (JSON text: password hashes and token digests, never a password or token); null when there was none.</summary>
    public string? Users { get; set; }
}
