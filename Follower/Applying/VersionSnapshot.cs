namespace PryvBus.Follower.Applying;

/// <summary>
/// A verified version as the follower keeps it on disk (<c>.pryvbus/previous.json</c>, <c>current.json</c>, mode 0600)
/// so that a revert needs no Redis: file contents in base64, the secret paths, the signed components field as text.
/// Read back as untrusted: its digest is recomputed before use.
/// </summary>
public sealed class VersionSnapshot
{
    public string Role { get; set; } = string.Empty;

    public long Generation { get; set; }

    public long Serial { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public Dictionary<string, string> Files { get; set; } = new(StringComparer.Ordinal);

    public List<string> SecretFiles { get; set; } = [];

    public string? Components { get; set; }
}
