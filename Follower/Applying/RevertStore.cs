using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Applying;

/// <summary>
/// What a revert needs without Redis, in <c>{root}/.pryvbus/</c>, each file written atomically with mode 0600:
/// <c>current.json</c> (the applied version) and <c>previous.json</c> (the one before), rotated by a rename after each
/// apply that changed the content; and <c>reverted.json</c> (<see cref="RevertRecord"/>). A crash anywhere in the
/// rotation leaves at least one of them naming a version other than the new one: the revert's target.
/// </summary>
public sealed class RevertStore
{
    private const string CurrentFile = "current.json";
    private const string PreviousFile = "previous.json";
    private const string RevertedFile = "reverted.json";

    /// <summary>The files of this store (in the config root's state folder).</summary>
    public static IReadOnlyList<string> FileNames { get; } = [CurrentFile, PreviousFile, RevertedFile];
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory;
    private readonly ILogger<RevertStore> _logger;
    private string? _currentSha;

    public RevertStore(FollowerSettings settings, ILogger<RevertStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _directory = Path.Combine(settings.ConfigRoot, PathGuard.StateDirectory);
        _logger = logger;
    }

    /// <summary>
    /// After an apply of <paramref name="applied"/> (committed): the version it replaced becomes the previous one and
    /// <paramref name="applied"/> the current one. Nothing is written when the content did not change. Runs after the
    /// commit so the apply's own sequence of calls is untouched; a crash before it leaves <c>current.json</c> naming the
    /// replaced version, which <see cref="ReadTarget"/> then takes.
    /// </summary>
    public void Record(VerifiedVersion applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        if (_currentSha == applied.Sha256)
        {
            return; // Known from this run: no file read at all.
        }

        var current = Path.Combine(_directory, CurrentFile);
        if (File.Exists(current))
        {
            if (Read(CurrentFile, RevertJsonContext.Default.VersionSnapshot)?.Sha256 == applied.Sha256)
            {
                _currentSha = applied.Sha256;
                return;
            }

            File.Move(current, Path.Combine(_directory, PreviousFile), overwrite: true);
            Posix.FsyncDirectory(_directory);
        }

        WriteCurrent(applied);
    }

    /// <summary>
    /// After a revert to <paramref name="applied"/>: it is the current one again, without a rotation (the reverted version is
    /// never worth keeping as a target, and the previous one stays as it was).
    /// </summary>
    public void WriteCurrent(VerifiedVersion applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var snapshot = new VersionSnapshot
        {
            Role = applied.Role, Generation = applied.Generation, Serial = applied.Serial, Sha256 = applied.Sha256,
            Files = applied.Files.ToDictionary(f => f.Key, f => Convert.ToBase64String(f.Value), StringComparer.Ordinal),
            SecretFiles = [.. applied.SecretFiles.Order(StringComparer.Ordinal)],
            Components = ComponentsField.Write(applied.Components),
        };
        Write(CurrentFile, JsonSerializer.SerializeToUtf8Bytes(snapshot, RevertJsonContext.Default.VersionSnapshot));
        _currentSha = applied.Sha256;
    }

    /// <summary>
    /// The version to revert to from the one with digest <paramref name="badSha256"/>: the kept one (current, else
    /// previous) with other content, checked (digest, components); null when none or unusable (logged).
    /// </summary>
    public VerifiedVersion? ReadTarget(string badSha256)
    {
        foreach (var name in new[] { CurrentFile, PreviousFile })
        {
            if (Read(name, RevertJsonContext.Default.VersionSnapshot) is { } s && s.Sha256 != badSha256)
            {
                return Verified(name, s);
            }
        }

        return null;
    }

    private VerifiedVersion? Verified(string name, VersionSnapshot s)
    {
        var path = Path.Combine(_directory, name);
        try
        {
            var files = s.Files.ToDictionary(f => f.Key, f => Convert.FromBase64String(f.Value), StringComparer.Ordinal);
            var secrets = new HashSet<string>(s.SecretFiles, StringComparer.Ordinal);
            var components = ComponentsField.Read(s.Components, out var problem);
            if (components is null || VersionDigest.Compute(files, secrets) != s.Sha256)
            {
                FollowerLog.StateFileUnreadable(_logger, path, problem ?? "its content does not match its sha256");
                return null;
            }

            return new VerifiedVersion(s.Role, s.Generation, s.Serial, s.Sha256, files, secrets) { Components = components };
        }
        catch (FormatException)
        {
            FollowerLog.StateFileUnreadable(_logger, path, "a file is not valid base64");
            return null;
        }
    }

    public RevertRecord? ReadReverted() => Read(RevertedFile, RevertJsonContext.Default.RevertRecord);

    public void WriteReverted(RevertRecord record) =>
        Write(RevertedFile, JsonSerializer.SerializeToUtf8Bytes(record, RevertJsonContext.Default.RevertRecord));

    public void ClearReverted()
    {
        var path = Path.Combine(_directory, RevertedFile);
        if (File.Exists(path))
        {
            File.Delete(path);
            Posix.FsyncDirectory(_directory);
        }
    }

    /// <summary>
    /// Written to <c>{name}.new</c> (mode 0600), fsynced, renamed over <c>{name}</c>, folder fsynced: whole or absent. A
    /// fixed staging name, overwritten by the next write: a crash leaves at most one such file per state file.
    /// </summary>
    private void Write(string name, byte[] json)
    {
        Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var target = Path.Combine(_directory, name);
        var staging = target + ".new";
        if (File.Exists(staging))
        {
            File.Delete(staging);
        }

        using (var stream = new FileStream(staging, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private }))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(staging, target, overwrite: true);
        Posix.FsyncDirectory(_directory);
    }

    private T? Read<T>(string name, JsonTypeInfo<T> type)
        where T : class
    {
        var path = Path.Combine(_directory, name);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), type) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            FollowerLog.StateFileUnreadable(_logger, path, ex.Message);
            return null;
        }
    }
}
