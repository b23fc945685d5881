using Microsoft.Win32.SafeHandles;

namespace PryvBus.Follower.Applying;

/// <summary>
/// One state file's last known bytes and what they parse to (<see cref="ManifestStore"/>). A read that finds the same
/// bytes returns the manifest kept; anything else (an edit by hand, another process) is parsed again. Two buffers,
/// reused: a read allocates nothing when the file did not change. Once the file's bytes were found the known ones with
/// a stamp old enough to be trusted (<see cref="FileStamp.IsRecordable"/>, the rule the applier trusts a config file's
/// stamp by), a read that finds the same stamp reads nothing: any write, rename over or chmod since changes it.
/// </summary>
internal sealed class StateFileCache
{
    private byte[] _known = [];
    private int _knownLength = -1;
    private Manifest? _manifest;
    private byte[] _buffer = [];
    private int _length;

    /// <summary>The file's stamp when its bytes were last found the known ones, once old enough to trust; null: read.</summary>
    private FileStamp? _trusted;

    /// <summary>The stamp taken before the last read of the bytes, and when.</summary>
    private (FileStamp? Stamp, DateTimeOffset At) _seen;

    /// <summary>How many times the file's bytes were read (not only its stamp).</summary>
    public int Reads { get; private set; }

    /// <summary>What the last <see cref="Read"/> found, when it returned null.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    /// <summary>How many bytes are kept (what was last read and kept, or written); -1 when none.</summary>
    public int KnownLength => _manifest is null ? -1 : _knownLength;

    /// <summary>
    /// Reads the file; the manifest kept when its bytes are the same, otherwise null (then see <see cref="Bytes"/>). A
    /// missing file reads as empty when <paramref name="missingIsEmpty"/>.
    /// </summary>
    public Manifest? Read(string path, bool missingIsEmpty = false)
    {
        // Taken before the bytes are read: a write in between leaves a stamp that no longer matches.
        var now = DateTimeOffset.UtcNow;
        var stamp = FileStamp.Of(path);
        if (_manifest is not null && stamp is { IsRegular: true } && stamp == _trusted)
        {
            return _manifest;
        }

        _seen = (stamp, now);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path);
        }
        catch (Exception ex) when (missingIsEmpty && ex is FileNotFoundException or DirectoryNotFoundException)
        {
            _length = 0;
            return _manifest is not null && _knownLength == 0 ? _manifest : null;
        }

        using var _ = handle;
        Reads++;
        var size = RandomAccess.GetLength(handle);
        if (size > Array.MaxLength - 1)
        {
            throw new IOException($"{path} is too large ({size} bytes)");
        }

        // One byte more than the size: a file that grew meanwhile is read whole or seen as changed, never cut short.
        Grow(ref _buffer, (int)size + 1, 0);
        _length = 0;
        int read;
        while ((read = RandomAccess.Read(handle, _buffer.AsSpan(_length), _length)) > 0)
        {
            _length += read;
            if (_length == _buffer.Length)
            {
                Grow(ref _buffer, _buffer.Length * 2, _length);
            }
        }

        var same = _manifest is not null && _knownLength == _length && Bytes.SequenceEqual(_known.AsSpan(0, _knownLength));
        _trusted = same ? Trustable() : null;
        return same ? _manifest : null;
    }

    /// <summary>The stamp seen before the last read, when a regular file's, old enough to stand for the bytes read.</summary>
    private FileStamp? Trustable() => _seen.Stamp is { IsRegular: true } seen && seen.IsRecordable(_seen.At) ? seen : null;

    /// <summary>Keeps what the last read found, parsed.</summary>
    public void KeepRead(Manifest manifest)
    {
        (_known, _buffer) = (_buffer, _known);
        (_knownLength, _length) = (_length, 0);
        _manifest = manifest;
        _trusted = Trustable();
    }

    /// <summary>Keeps what was just written.</summary>
    public void Keep(ReadOnlySpan<byte> bytes, Manifest manifest)
    {
        Grow(ref _known, bytes.Length, 0);
        bytes.CopyTo(_known);
        _knownLength = bytes.Length;
        _manifest = manifest;
        _trusted = null; // just written: its bytes are compared at the next read, its stamp trusted once old enough
    }

    /// <summary>Keeps the bytes kept followed by <paramref name="appended"/>, which now parse to <paramref name="manifest"/>.</summary>
    public void KeepAppended(ReadOnlySpan<byte> appended, Manifest manifest)
    {
        Grow(ref _known, _knownLength + appended.Length, _knownLength);
        appended.CopyTo(_known.AsSpan(_knownLength));
        _knownLength += appended.Length;
        _manifest = manifest;
        _trusted = null;
    }

    public void Forget()
    {
        _manifest = null;
        _knownLength = -1;
        _trusted = null;
    }

    private static void Grow(ref byte[] buffer, int size, int keep)
    {
        if (buffer.Length < size)
        {
            var larger = new byte[Math.Max(size, buffer.Length * 2)];
            buffer.AsSpan(0, keep).CopyTo(larger);
            buffer = larger;
        }
    }
}
