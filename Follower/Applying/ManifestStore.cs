using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Reads and writes the follower's state files in <c>{root}/.pryvbus/</c>, each atomically. The pending journal is
/// written before the first file of an apply that needs it, so a crash cannot make the follower forget a file it created.
/// What was last read or written is kept with its exact bytes: a file read back byte for byte the same is not parsed
/// again (a 2,000-file manifest costs a read and a compare, not a parse). The manifests returned are shared: read only.
/// </summary>
internal sealed class ManifestStore
{
    public const string ManifestFile = "manifest.json";
    public const string PendingFile = "pending.json";

    private readonly string _directory;
    private readonly AtomicFileWriter _writer;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly StateFileCache _manifest = new();
    private readonly StateFileCache _pending = new();

    /// <summary>The sync loop applies while other loops (the restart worker's health step) read the manifest: one at a time.</summary>
    private readonly Lock _gate = new();

    public ManifestStore(string root, AtomicFileWriter writer, ILogger logger)
    {
        _directory = Path.Combine(root, PathGuard.StateDirectory);
        _writer = writer;
        _logger = logger;
    }

    public string Directory => _directory;

    public Manifest? ReadApplied()
    {
        lock (_gate)
        {
            return Read(ManifestFile, _manifest);
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
    public void Commit(Manifest applied)
    {
        lock (_gate)
        {
            Write(ManifestFile, applied, _manifest);
        }

        var pending = Path.Combine(_directory, PendingFile);
        if (File.Exists(pending))
        {
            File.Delete(pending);
            Posix.FsyncDirectory(_directory);
        }
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
        _writer.Write(Path.Combine(_directory, name), _output.WrittenSpan, UnixFileMode.UserRead | UnixFileMode.UserWrite, changeOwner: false);
        cache.Keep(_output.WrittenSpan, manifest);
    }

    private Manifest? Read(string name, StateFileCache cache)
    {
        var path = Path.Combine(_directory, name);
        try
        {
            if (!File.Exists(path))
            {
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
