using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Replaces one file atomically: written beside the target under a temporary name, fsynced, mode and owner set,
/// renamed over the target, directory fsynced. A crash leaves the old file or the new one, never a torn one;
/// the temporary file left behind is removed by the next apply.
/// </summary>
internal sealed class AtomicFileWriter(FileSettings files)
{
    public void Write(string target, ReadOnlySpan<byte> content, UnixFileMode mode, bool changeOwner = true)
    {
        var directory = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(target) + PathGuard.TempMarker + Guid.NewGuid().ToString("N"));
        try
        {
            // Created with the final mode: a secret is never readable by others, not even for a moment.
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = mode,
            };
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temp, mode);
            if (changeOwner)
            {
                Posix.Chown(temp, files.OwnerUid, files.GroupGid);
            }

            File.Move(temp, target, overwrite: true);
            Posix.FsyncDirectory(directory);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>True for the temporary files this writer creates.</summary>
    public static bool IsTempFile(string name) =>
        name.StartsWith('.') && name.Contains(PathGuard.TempMarker, StringComparison.Ordinal);

    /// <summary>The name of the file a temporary file of this writer was for (<c>.manifest.json{marker}…</c> → <c>manifest.json</c>).</summary>
    public static string TargetOf(string tempName)
    {
        ArgumentNullException.ThrowIfNull(tempName);
        var marker = tempName.IndexOf(PathGuard.TempMarker, StringComparison.Ordinal);
        return marker <= 1 ? string.Empty : tempName[1..marker];
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the cleanup of the next apply.
        }
    }
}
