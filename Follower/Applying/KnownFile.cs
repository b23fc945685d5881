namespace PryvBus.Follower.Applying;

/// <summary>
/// What one plan learnt of a path and the next reuses (<see cref="ContentHashes"/>): its text's pieces (a pure function
/// of the text and the root, so its text passed the path rule), the content last hashed with its sha256, and the last
/// stamp recorded for it with the text the manifest keeps for that stamp. Each pair is replaced whole, never half.
/// </summary>
internal sealed class KnownFile(string? folder, string name, string full)
{
    private (string Sha256, FileStamp Stamp, long At)? _clean;

    /// <summary>The folder, relative to the root; null for a file in the root itself.</summary>
    public string? Folder { get; } = folder;

    public string Name { get; } = name;

    /// <summary>The full path as configured (the root joined with the path).</summary>
    public string Full { get; } = full;

    public (byte[] Content, string Sha256)? Hashed { get; set; }

    /// <summary>A stamp and its manifest text (<see cref="FileStamp.Recordable"/>): the text is compared, not formatted again.</summary>
    public (string Text, FileStamp Stamp)? Recorded { get; set; }

    /// <summary>
    /// The content (sha256) and stamp the disk had when a plan last checked this file while <see cref="RootWatch"/> watched
    /// it; cleared by any event of the file or its folder since. Null: look at the disk.
    /// </summary>
    public (string Sha256, FileStamp Stamp, long At)? Clean
    {
        get => _clean;
        set
        {
            _clean = value;
            Marks++;
        }
    }

    /// <summary>How many times <see cref="Clean"/> was set or cleared: the same count, the same mark.</summary>
    public int Marks { get; private set; }

    /// <summary>The plan (<see cref="RootWatch"/>'s count) that last watched this file before looking at it; 0: none.</summary>
    public int Armed { get; set; }

    /// <summary>The watch descriptor of the file's own watch; -1 when it has none.</summary>
    public int Watch { get; set; } = -1;
}
