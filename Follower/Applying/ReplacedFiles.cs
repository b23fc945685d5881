using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The files an apply replaces or deletes, kept open (<c>O_PATH</c>: nothing read, nothing opened through it, a FIFO or a
/// device not touched, a link not followed) until the sync's restarts or its end. The last link of a file going away
/// frees its inode, which on ext4 waits for the journal: 110–220 µs inside the rename, after the new file is already
/// visible, before the folder's fsync, the next file, the manifest's commit and the report can start. Held, the rename
/// only moves names (8–20 µs) and the inode is freed at <see cref="Release"/> (docs/performance.md, session 46). Nothing
/// on disk depends on it: a process killed meanwhile leaves an orphan inode that the file system frees, as it would for
/// any open deleted file. One caller at a time (the sync loop's).
/// </summary>
internal sealed class ReplacedFiles : IDisposable
{
    /// <summary>At most this many files are held (each a descriptor); the others are freed in their rename, as before.</summary>
    public const int Capacity = 64;

    private readonly int[] _held = new int[Capacity];

    /// <summary>
    /// Whether files are held: only on a local file system. On NFS a referenced file being deleted or renamed over is
    /// first renamed to a hidden <c>.nfs*</c> name, which would show in the folder and split the atomic rename in two.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many files are held.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps what is at <paramref name="path"/> (about to be renamed over or deleted) open; nothing when nothing is there or <see cref="Capacity"/> are held.</summary>
    public void Hold(string path)
    {
        if (!Enabled || Count == Capacity)
        {
            return;
        }

        var fd = Libc.Open(path, Libc.PathHandle);
        if (fd >= 0)
        {
            _held[Count++] = fd;
        }
    }

    /// <summary>Lets go of every file held: the inodes no other link or descriptor keeps are freed now.</summary>
    public void Release()
    {
        while (Count > 0)
        {
            _ = Libc.Close(_held[--Count]);
        }
    }

    public void Dispose() => Release();
}
