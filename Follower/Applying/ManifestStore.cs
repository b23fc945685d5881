using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Reads and writes the follower's state files in <c>{root}/.pryvbus/</c>. The pending journal is written whole,
/// atomically, before the first file of an apply that needs it, so a crash cannot make the follower forget a file it
/// created. The applied manifest is <c>manifest.json</c> plus <c>manifest.delta</c> (<see cref="ManifestDelta"/>): a
/// commit appends one record of what changed (one write and one fsync, whatever the number of files), and writes
/// <c>manifest.json</c> whole (a compaction, with a new <see cref="Manifest.WriteId"/>) when this store did not write
/// what is on disk itself (its first commit, an edit by hand, an append cut short) or the delta outgrew
/// <see cref="DeltaLimit"/>. What was last read or written is kept with its exact bytes: files read back byte for byte
/// the same are not parsed again. The manifests returned are shared: read only.
/// </summary>
internal sealed class ManifestStore
{
    public const string ManifestFile = "manifest.json";
    public const string DeltaFile = "manifest.delta";
    public const string PendingFile = "pending.json";

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory;
    private readonly AtomicFileWriter _writer;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly StateFileCache _manifest = new();
    private readonly StateFileCache _delta = new();
    private readonly StateFileCache _pending = new();

    /// <summary>The sync loop applies while other loops (the restart worker's health step) read the manifest: one at a time.</summary>
    private readonly Lock _gate = new();

    /// <summary>Whether <c>manifest.json</c> is, as last read, what this store wrote.</summary>
    private bool _fullIsOurs;

    /// <summary>Where the next record goes in the delta as last read or written: 0 creates a new one, -1 not at all (write whole).</summary>
    private int _deltaLength = -1;

    /// <summary>The applied state as last read or written.</summary>
    private Manifest? _state;

    /// <summary>What <c>manifest.json</c> parsed to as last read or written: another object means it changed.</summary>
    private Manifest? _full;

    public ManifestStore(string root, AtomicFileWriter writer, ILogger logger)
    {
        _directory = Path.Combine(root, PathGuard.StateDirectory);
        _writer = writer;
        _logger = logger;
    }

    public string Directory => _directory;

    /// <summary>How many times a state file's bytes were read (not only its stamp): what a read of the manifest costs.</summary>
    public int ByteReads => _manifest.Reads + _delta.Reads + _pending.Reads;

    /// <summary>How large the delta may grow before the next commit writes the manifest whole.</summary>
    public static int DeltaLimit(int fullLength) => Math.Max(64 * 1024, fullLength / 2);

    /// <summary>The applied manifest of the root <paramref name="root"/>, read once (for readers outside the sync loop).</summary>
    public static Manifest? ReadApplied(string root, ILogger logger) =>
        new ManifestStore(root, new AtomicFileWriter(new Settings.FileSettings()), logger).ReadApplied();

    /// <summary>
    /// When the last read found the delta damaged (and so gave no manifest): the newest version the full manifest and the
    /// complete records before the damage say was applied. Nothing of it is trusted for the files; it only keeps a version
    /// older than that from being applied as if it were newer. Null otherwise.
    /// </summary>
    public (string Role, long Generation, long Serial)? Floor { get; private set; }

    public Manifest? ReadApplied()
    {
        lock (_gate)
        {
            return _state = ReadFullAndDelta();
        }
    }

    public Manifest? ReadPending()
    {
        lock (_gate)
        {
            return Read(PendingFile, _pending);
        }
    }

    public void WritePending(Manifest pending)
    {
        lock (_gate)
        {
            Write(PendingFile, pending, _pending);
        }
    }

    /// <summary>The last step of an apply: the manifest names the new version, then the journal goes (when there is one).</summary>
    /// <param name="applied">The manifest of the version applied.</param>
    /// <param name="basis">The applied manifest <paramref name="applied"/> was made from, when only <paramref name="touched"/> may differ.</param>
    /// <param name="touched">The paths whose entries may differ from <paramref name="basis"/>'s (its others are the very same entries).</param>
    public void Commit(Manifest applied, Manifest? basis = null, IReadOnlyCollection<string>? touched = null)
    {
        lock (_gate)
        {
            try
            {
                if (!TryAppend(applied, ReferenceEquals(basis, _state) ? touched : null))
                {
                    applied.WriteId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                    Write(ManifestFile, applied, _manifest);
                    (_full, _fullIsOurs, _deltaLength) = (applied, true, 0);
                    _delta.Forget();

                    // Names the former full write (or is damaged): never used again. Not made durable: if it comes back
                    // after a crash, its header still names the former full write.
                    _writer.Delete(Path.Combine(_directory, DeltaFile));
                }

                _state = applied;
            }
            catch
            {
                (_full, _fullIsOurs, _deltaLength, _state) = (null, false, -1, null);
                _manifest.Forget();
                _delta.Forget();
                throw;
            }
        }

        var pending = Path.Combine(_directory, PendingFile);
        if (File.Exists(pending))
        {
            _writer.Delete(pending);
            Posix.FsyncDirectory(_directory);
        }
    }

    /// <summary>One record appended to the delta this store wrote (created whole, atomically, after a full write).</summary>
    private bool TryAppend(Manifest applied, IReadOnlyCollection<string>? touched)
    {
        if (!_fullIsOurs || _deltaLength < 0 || _state?.WriteId is null || _manifest.KnownLength < 0)
        {
            return false;
        }

        var path = Path.Combine(_directory, DeltaFile);
        applied.WriteId = _state.WriteId;
        _output.ResetWrittenCount();
        if (_deltaLength == 0)
        {
            _output.Write(ManifestDelta.Header(applied.WriteId!));
        }

        ManifestDelta.Append(_output, _scratch, ManifestDelta.Diff(_state, applied, touched));
        if (_deltaLength + _output.WrittenCount > DeltaLimit(_manifest.KnownLength))
        {
            return false;
        }

        if (_deltaLength == 0)
        {
            _delta.Forget();
            _writer.Write(path, _output.WrittenSpan, OwnerReadWrite, changeOwner: false);
            _delta.Keep(_output.WrittenSpan, applied);
        }
        else
        {
            using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, Share = FileShare.ReadWrite }))
            {
                if (stream.Length != _deltaLength)
                {
                    return false; // changed since it was read: written whole instead
                }

                stream.Position = _deltaLength;
                stream.Write(_output.WrittenSpan);
                stream.Flush(flushToDisk: true);
            }

            _delta.KeepAppended(_output.WrittenSpan, applied);
        }

        _deltaLength += _output.WrittenCount;
        return true;
    }

    private void Write(string name, Manifest manifest, StateFileCache cache)
    {
        System.IO.Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _output.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_output))
        {
            JsonSerializer.Serialize(json, manifest, ManifestJsonContext.Default.Manifest);
        }

        cache.Forget();
        _writer.Write(Path.Combine(_directory, name), _output.WrittenSpan, OwnerReadWrite, changeOwner: false);
        cache.Keep(_output.WrittenSpan, manifest);
    }

    /// <summary>
    /// <c>manifest.json</c> with the delta's records replayed. A delta that names another full write is left over from
    /// before a compaction, or was written after the full one was read (by a writer in another process): the full one is
    /// read again until both agree. A damaged delta is reported and nothing is trusted: the next apply compares every
    /// file with the disk and writes the manifest whole.
    /// </summary>
    private Manifest? ReadFullAndDelta()
    {
        Floor = null;
        var deltaPath = Path.Combine(_directory, DeltaFile);
        for (var attempt = 0; ; attempt++)
        {
            var full = Read(ManifestFile, _manifest);
            if (!ReferenceEquals(full, _full))
            {
                (_full, _fullIsOurs) = (full, false);
                _delta.Forget();
            }

            if (full is null)
            {
                _deltaLength = -1;
                return null;
            }

            Manifest? kept;
            try
            {
                kept = _delta.Read(deltaPath, missingIsEmpty: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Untrusted(deltaPath, ex.Message);
            }

            if (kept is not null)
            {
                return kept;
            }

            var read = ManifestDelta.Parse(_delta.Bytes, full.WriteId);
            if (read.Problem is not null)
            {
                var (generation, serial) = read.Records.Where(r => r.Role == full.Role)
                    .Aggregate((Generation: full.Generation, Serial: full.Serial), (floor, r) =>
                        VersionOrder.Compare(r.Generation, r.Serial, floor.Generation, floor.Serial) > 0 ? (r.Generation, r.Serial) : floor);
                var untrusted = Untrusted(deltaPath, read.Problem);
                Floor = (full.Role, generation, serial);
                return untrusted;
            }

            if ((read.Stale || read.Records.Count == 0) && attempt < 3 && FullChanged())
            {
                continue; // a compaction landed meanwhile (the delta read is of another full write, or gone): read both again
            }

            if (read.Torn)
            {
                FollowerLog.StateFileUnreadable(_logger, deltaPath,
                    $"its last record (byte {read.Length}) is incomplete, left by an apply interrupted while committing: the records before it are used");
            }

            var state = read.Records.Count == 0 ? full : ManifestDelta.Replay(full, read.Records);
            _deltaLength = _fullIsOurs && read.Records.Count == 0 && !read.Torn ? 0 : -1;
            _delta.KeepRead(state);
            return state;
        }
    }

    private bool FullChanged()
    {
        var path = Path.Combine(_directory, ManifestFile);
        try
        {
            return !File.Exists(path) || _manifest.Read(path) is null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private Manifest? Untrusted(string path, string problem)
    {
        FollowerLog.StateFileUnreadable(_logger, path, problem + "; every file is checked against the disk and the manifest written whole");
        (_fullIsOurs, _deltaLength) = (false, -1);
        _delta.Forget();
        return null;
    }

    private Manifest? Read(string name, StateFileCache cache)
    {
        var path = Path.Combine(_directory, name);
        try
        {
            if (!File.Exists(path))
            {
                cache.Forget();
                return null;
            }

            if (cache.Read(path) is { } kept)
            {
                return kept;
            }

            var read = JsonSerializer.Deserialize(cache.Bytes, ManifestJsonContext.Default.Manifest);
            if (read is null)
            {
                cache.Forget();
                return null;
            }

            cache.KeepRead(read);
            return read;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Treated as absent: the next apply compares with the disk and rewrites it.
            cache.Forget();
            FollowerLog.StateFileUnreadable(_logger, path, ex.Message);
            return null;
        }
    }
}
