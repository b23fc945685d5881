using System.Text.Json;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Logging;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Reads and writes the follower's state files in <c>{root}/.pryvbus/</c>, each atomically. The pending journal is
/// written before the first file of an apply, so a crash cannot make the follower forget a file it created.
/// </summary>
internal sealed class ManifestStore
{
    public const string ManifestFile = "manifest.json";
    public const string PendingFile = "pending.json";

    private readonly string _directory;
    private readonly AtomicFileWriter _writer;
    private readonly ILogger _logger;

    public ManifestStore(string root, AtomicFileWriter writer, ILogger logger)
    {
        _directory = Path.Combine(root, PathGuard.StateDirectory);
        _writer = writer;
        _logger = logger;
    }

    public string Directory => _directory;

    public Manifest? ReadApplied() => Read(ManifestFile);

    public Manifest? ReadPending() => Read(PendingFile);

    public void WritePending(Manifest pending) => Write(PendingFile, pending);

    /// <summary>The last step of an apply: the manifest names the new version, then the journal goes.</summary>
    public void Commit(Manifest applied)
    {
        Write(ManifestFile, applied);
        var pending = Path.Combine(_directory, PendingFile);
        if (File.Exists(pending))
        {
            File.Delete(pending);
            Posix.FsyncDirectory(_directory);
        }
    }

    private void Write(string name, Manifest manifest)
    {
        System.IO.Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJsonContext.Default.Manifest);
        _writer.Write(Path.Combine(_directory, name), json, UnixFileMode.UserRead | UnixFileMode.UserWrite, changeOwner: false);
    }

    private Manifest? Read(string name)
    {
        var path = Path.Combine(_directory, name);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ManifestJsonContext.Default.Manifest);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Treated as absent: the next apply compares with the disk and rewrites it.
            FollowerLog.StateFileUnreadable(_logger, path, ex.Message);
            return null;
        }
    }
}
