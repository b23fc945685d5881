using Microsoft.Win32.SafeHandles;

namespace PryvBus.Follower.Applying;

/// <summary>
/// One state file's last known bytes and what they parse to (<see cref="ManifestStore"/>). A read that finds the same
/// bytes returns the manifest kept; anything else (an edit by hand, another process) is parsed again. Two buffers,
/// reused: a read allocates nothing when the file did not change.
/// </summary>
internal sealed class StateFileCache
{
    private byte[] _known = [];
    private int _knownLength = -1;
    private Manifest? _manifest;
    private byte[] _buffer = [];
    private int _length;

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

        return _manifest is not null && _knownLength == _length && Bytes.SequenceEqual(_known.AsSpan(0, _knownLength)) ? _manifest : null;
    }

    /// <summary>Keeps what the last read found, parsed.</summary>
    public void KeepRead(Manifest manifest)
    {
        (_known, _buffer) = (_buffer, _known);
        (_knownLength, _length) = (_length, 0);
        _manifest = manifest;
    }

    /// <summary>Keeps what was just written.</summary>
    public void Keep(ReadOnlySpan<byte> bytes, Manifest manifest)
    {
        Grow(ref _known, bytes.Length, 0);
        bytes.CopyTo(_known);
        _knownLength = bytes.Length;
        _manifest = manifest;
    }

    /// <summary>Keeps the bytes kept followed by <paramref name="appended"/>, which now parse to <paramref name="manifest"/>.</summary>
    public void KeepAppended(ReadOnlySpan<byte> appended, Manifest manifest)
    {
        Grow(ref _known, _knownLength + appended.Length, _knownLength);
        appended.CopyTo(_known.AsSpan(_knownLength));
        _knownLength += appended.Length;
        _manifest = manifest;
    }

    public void Forget()
    {
        _manifest = null;
        _knownLength = -1;
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
