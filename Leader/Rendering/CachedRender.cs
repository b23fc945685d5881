namespace PryvBus.Leader.Rendering;

/// <summary>
/// A file's last successful render and every input it came from: the template's bytes, whether its output was parsed,
/// the fingerprint of each global name it looked up (null: not a platform value) with the platform value it was taken
/// from, and the sha256 of each secret it used. Equal inputs give the same output, so the output is reused as long as
/// they all still hold: a name whose settings hold the very same <see cref="Settings.PlatformValue"/> (an entry a reload
/// found written as before keeps its object: <see cref="Settings.EntryMemo{T}"/>) holds the same value without its
/// fingerprint being made again. The template as parsed
/// (<see cref="Parsed"/>) is reused while the template's bytes stay the same: a value that changed renders it again
/// without parsing it again (a parsed Scriban template holds no state of a render; each render has its own context).
/// </summary>
internal sealed record CachedRender(
    byte[] Template,
    bool Checked,
    IReadOnlyList<(string Name, string? Fingerprint, Settings.PlatformValue? Source)> Values,
    IReadOnlyList<(string Name, byte[] Sha256)> Secrets,
    byte[] Output)
{
    public Scriban.Template? Parsed { get; init; }
}
