using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The files an apply replaces or deletes, kept open (<c>O_PATH</c>: nothing read, nothing opened through it, a FIFO or a
/// device not touched, a link not followed) until the sync is over. The last link of a file going away frees its inode,
/// which on ext4 waits for the journal: 110–220 µs inside the rename, after the new file is already visible, before the
/// folder's fsync, the next file, the manifest's commit and the report can start. Held, the rename only moves names
/// (8–20 µs) and the inode is freed at <see cref="Release"/> (docs/performance.md, session 46). Nothing on disk depends on
/// it: the kernel closes a killed process's descriptors, which frees the files then; only a machine that stops (power
/// lost, kernel crash) leaves them as orphan inodes, which ext4 frees at the next mount. Held files keep their blocks
/// until then, so at most <see cref="Capacity"/> files of at most <see cref="ByteBudget"/> bytes together are held.
/// One caller holds (the sync loop); <see cref="Release"/> and <see cref="Dispose"/> may race it (the host disposes while
/// a stuck sync still runs): each descriptor is closed once, and nothing is held after <see cref="Dispose"/>.
/// </summary>
internal sealed class ReplacedFiles : IDisposable
{
    /// <summary>At most this many files are held (each a descriptor); the others are freed in their rename, as before.</summary>
    public const int Capacity = 64;

    /// <summary>At most this many bytes (the held files' sizes together); a file that would pass it is not held.</summary>
    public const long ByteBudget = 16L << 20;

    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH: statx of the descriptor itself
    private const uint SizeField = 0x200; // STATX_SIZE
    private const int SizeOffset = 40; // stx_size in struct statx

    private readonly int[] _held = new int[Capacity];
    private readonly byte[] _stat = new byte[256];
    private readonly Lock _gate = new();
    private long _bytes;
    private bool _disposed;

    /// <summary>
    /// Whether files are held: only on a local file system. On NFS a referenced file being deleted or renamed over is
    /// first renamed to a hidden <c>.nfs*</c> name, which would show in the folder and split the atomic rename in two.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many files are held.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps what is at <paramref name="path"/> (about to be renamed over or deleted) open; nothing when nothing is there or the limits are reached.</summary>
    public void Hold(string path)
    {
        lock (_gate)
        {
            if (!Enabled || _disposed || Count == Capacity)
            {
                return;
            }

            var fd = Libc.Open(path, Libc.PathHandle);
            if (fd < 0)
            {
                return;
            }

            var size = Libc.Statx(fd, string.Empty, EmptyPath, SizeField, _stat) == 0 ? BitConverter.ToInt64(_stat, SizeOffset) : long.MaxValue;
            if (size > ByteBudget - _bytes)
            {
                _ = Libc.Close(fd); // not renamed over yet: closing frees nothing
                return;
            }

            _bytes += size;
            _held[Count++] = fd;
        }
    }

    /// <summary>Lets go of every file held: the inodes no other link or descriptor keeps are freed now.</summary>
    public void Release()
    {
        lock (_gate)
        {
            while (Count > 0)
            {
                _ = Libc.Close(_held[--Count]);
            }

            _bytes = 0;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Release();
        }
    }
}
