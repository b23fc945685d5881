using PryvBus.Follower.Settings;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Replaces one file atomically: written beside the target under a temporary name, fsynced, mode and owner set,
/// renamed over the target, directory fsynced. A crash leaves the old file or the new one, never a torn one;
/// the temporary file left behind is removed by the next apply. With <paramref name="replaced"/>, the file renamed over is
/// held open until the caller lets go (<see cref="ReplacedFiles"/>): its inode is not freed inside the rename. Not by
/// <see cref="WriteAll"/>, a new root's: its files are new, a hold would be one failed open each.
/// </summary>
internal sealed class AtomicFileWriter(FileSettings files, ReplacedFiles? replaced = null)
{
    /// <param name="pinned">
    /// For a file of the root: its folder is reached through these (<see cref="PinnedFolders"/>), never through a link put
    /// on the way since the version's paths were checked. Null for the state folder's files, named by their path.
    /// </param>
    public void Write(string target, ReadOnlySpan<byte> content, UnixFileMode mode, bool changeOwner = true, PinnedFolders? pinned = null)
    {
        var directory = Path.GetDirectoryName(target)!;
        var folder = pinned?.Folder(directory) ?? directory;
        var temp = TempPath(folder, target);
        try
        {
            var fd = TempFile.Open(temp, mode);
            try
            {
                TempFile.Write(fd, content, temp);
            }
            catch
            {
                _ = Libc.Close(fd);
                throw;
            }

            TempFile.Finish(fd, temp, mode, changeOwner ? files.OwnerUid : null, changeOwner ? files.GroupGid : null);
            var final = folder + "/" + Path.GetFileName(target);
            replaced?.Hold(final);
            TempFile.Rename(temp, final);
            Fsync(directory, pinned);
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            if (pinned is not null && ex is IOException)
            {
                throw new IOException(pinned.Shown(ex.Message), ex.InnerException);
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes <paramref name="target"/> (nothing when it is missing), held first like a file renamed over: its inode is
    /// freed when the caller lets go. The caller makes the deletion durable (its folder's fsync).
    /// </summary>
    public void Delete(string target, PinnedFolders? pinned = null)
    {
        var at = pinned is null ? target : pinned.File(target);
        replaced?.Hold(at);
        File.Delete(at);
    }

    /// <summary>
    /// Replaces several files, each the same atomic way as <see cref="Write"/>, with fewer waits: by batches of
    /// <see cref="Batch"/> (that many descriptors open at most), every file is written to its temporary name, then each
    /// is fsynced, given its mode and owner and renamed; then each folder in <paramref name="folders"/> (the folders of
    /// the files are added) is fsynced once. Each rename still moves a complete, fsynced file, so a file is never seen
    /// torn; a crash leaves each file absent, old or new, and temporary files the next apply removes. For an apply under
    /// a journal only: until the folders are fsynced a rename is not durable.
    /// </summary>
    public void WriteAll(IReadOnlyList<PlannedFile> planned, ISet<string> folders, PinnedFolders pinned)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(folders);
        var fds = new int[Math.Min(Batch, planned.Count)];
        var temps = new string?[fds.Length];
        for (var first = 0; first < planned.Count; first += Batch)
        {
            WriteBatch(planned, first, Math.Min(Batch, planned.Count - first), folders, fds, temps, pinned);
        }

        foreach (var folder in folders)
        {
            pinned.Fsync(folder);
        }
    }

    /// <summary>How many files <see cref="WriteAll"/> keeps open at once.</summary>
    public const int Batch = 64;

    private void WriteBatch(
        IReadOnlyList<PlannedFile> planned, int first, int count, ISet<string> folders, int[] fds, string?[] temps, PinnedFolders pinned)
    {
        Array.Fill(fds, -1);
        Array.Clear(temps);
        var renamed = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                temps[i] = TempPath(pinned.Folder(Path.GetDirectoryName(planned[first + i].FullPath)!), planned[first + i].FullPath);
                fds[i] = TempFile.Open(temps[i]!, planned[first + i].Mode);
                TempFile.Write(fds[i], planned[first + i].Content, temps[i]!);
            }

            for (var i = 0; i < count; i++)
            {
                var fd = fds[i];
                fds[i] = -1; // closed by Finish, whatever happens
                TempFile.Finish(fd, temps[i]!, planned[first + i].Mode, files.OwnerUid, files.GroupGid);
            }

            for (; renamed < count; renamed++)
            {
                TempFile.Rename(temps[renamed]!, pinned.File(planned[first + renamed].FullPath));
                folders.Add(Path.GetDirectoryName(planned[first + renamed].FullPath)!);
            }
        }
        catch (Exception ex)
        {
            for (var i = renamed; i < count && temps[i] is { } temp; i++)
            {
                if (fds[i] >= 0)
                {
                    _ = Libc.Close(fds[i]);
                }

                TryDelete(temp);
            }

            if (ex is IOException)
            {
                throw new IOException(pinned.Shown(ex.Message), ex.InnerException);
            }

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

    private static string TempPath(string folder, string target) =>
        folder + "/." + Path.GetFileName(target) + PathGuard.TempMarker + Guid.NewGuid().ToString("N");

    private static void Fsync(string directory, PinnedFolders? pinned)
    {
        if (pinned is null)
        {
            Posix.FsyncDirectory(directory);
        }
        else
        {
            pinned.Fsync(directory);
        }
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
