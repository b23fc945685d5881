namespace PryvBus.Leader.Rendering;

/// <summary>
/// A file's last successful render and every input it came from: the template's bytes, whether its output was parsed,
/// the fingerprint of each global name it looked up (null: not a platform value) and the sha256 of each secret it used.
/// Equal inputs give the same output, so the output is reused as long as they all still hold.
/// </summary>
internal sealed record CachedRender(
    byte[] Template,
    bool Checked,
    IReadOnlyList<(string Name, string? Fingerprint)> Values,
    IReadOnlyList<(string Name, byte[] Sha256)> Secrets,
    byte[] Output);
