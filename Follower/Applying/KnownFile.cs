namespace PryvBus.Follower.Applying;

/// <summary>
/// What one plan learnt of a path and the next reuses (<see cref="ContentHashes"/>): its text's pieces (a pure function
/// of the text and the root, so its text passed the path rule), the content last hashed with its sha256, and the last
/// stamp recorded for it with the text the manifest keeps for that stamp. Each pair is replaced whole, never half.
/// </summary>
internal sealed class KnownFile(string? folder, string name, string full)
{
    /// <summary>The folder, relative to the root; null for a file in the root itself.</summary>
    public string? Folder { get; } = folder;

    public string Name { get; } = name;

    /// <summary>The full path as configured (the root joined with the path).</summary>
    public string Full { get; } = full;

    public (byte[] Content, string Sha256)? Hashed { get; set; }

    /// <summary>A stamp and its manifest text (<see cref="FileStamp.Recordable"/>): the text is compared, not formatted again.</summary>
    public (string Text, FileStamp Stamp)? Recorded { get; set; }
}
