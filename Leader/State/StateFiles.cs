using System.Runtime.InteropServices;
using PryvBus.Shared.Native;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.State;

/// <summary>
/// Files of the leader's state folder: the folder is created with mode 0700, every file is written beside its target,
/// fsynced, given mode 0600 and renamed over it, then the folder is fsynced: a crash leaves the old file or the new one.
/// </summary>
public static class StateFiles
{
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and its parents) with mode 0700; tightens an existing one this user owns.</summary>
    /// <exception cref="StateException">The folder cannot be created or its mode set.</exception>
    public static void EnsureFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        try
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder, PrivateFolder);
                return;
            }

            if ((File.GetUnixFileMode(folder) & CredentialFileMode.GroupOrOthers) != 0)
            {
                File.SetUnixFileMode(folder, PrivateFolder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException(
                $"state folder {folder}: cannot create it or set its mode to 0700 ({ex.Message}): it must belong to the user the leader runs as", ex);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically and durably, mode 0600.</summary>
    /// <param name="path">The target.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="overwrite">False: fail with <see cref="IOException"/> when the target already exists.</param>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var replaced = -1;
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = PrivateFile,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (overwrite)
            {
                replaced = HoldReplaced(path);
                File.Move(temp, path, overwrite: true);
            }
            else if (Libc.Link(temp, path) != 0)
            {
                // link(2) never replaces: of two processes creating the same file, exactly one succeeds.
                throw new IOException($"{path}: cannot create it (errno {Marshal.GetLastPInvokeError()}; it may already exist)");
            }

            SyncFolder(folder);
        }
        finally
        {
            File.Delete(temp);
            FreeLater(replaced);
        }
    }

    /// <summary>
    /// What is at <paramref name="path"/>, about to be renamed over, held open (<c>O_PATH</c>, a link not followed):
    /// the rename then does not free the file it replaces, which on this VM's file system waits for the disk inside the
    /// system call (docs/performance.md, session 46). -1 when nothing is there, or when it is on a file system that is not
    /// local: on NFS a file still open when it is renamed over becomes a hidden <c>.nfs*</c> file, and the rename splits
    /// in two. Let go with <see cref="FreeLater"/>.
    /// </summary>
    public static int HoldReplaced(string path)
    {
        var fd = Libc.Open(path, Libc.PathHandle);
        if (fd >= 0 && !LocalFileSystems.HoldsOpen(fd))
        {
            _ = Libc.Close(fd); // nothing renamed over yet: closing it frees nothing
            return -1;
        }

        return fd;
    }

    /// <summary>Lets go of a file <see cref="HoldReplaced"/> held, on a pool thread: its freeing is off the caller's path.</summary>
    public static void FreeLater(int held)
    {
        if (held >= 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static fd => _ = Libc.Close(fd), held, preferLocal: false);
        }
    }

    /// <summary>Makes a rename in <paramref name="folder"/> durable (fsync of the directory).</summary>
    public static void SyncFolder(string folder)
    {
        var fd = Libc.Open(folder, 0);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Libc.Fsync(fd);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>
    /// Holds an exclusive lock on <paramref name="lockFile"/> (<c>flock</c> on a descriptor of its own: other processes and
    /// other handles of this one wait) while a read-modify-write of a state file runs. Gives up after <paramref name="timeout"/>.
    /// </summary>
    /// <remarks>
    /// Every process writes into the state folder only under one of its locks: this is where a process running as another
    /// user than the folder's owner is refused (<see cref="StateFolderOwner"/>), before it creates or replaces anything.
    /// </remarks>
    /// <exception cref="StateException">
    /// The folder belongs to another user, the lock file cannot be opened, or it is still locked at the deadline.
    /// </exception>
    public static Task<IDisposable> LockAsync(string lockFile, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(lockFile);
        StateFolderOwner.Check(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);
        return StateLock.AcquireAsync(lockFile, timeout, ct);
    }

    /// <summary>
    /// Deletes the temporary files that <see cref="WriteAtomically"/> leaves beside <paramref name="fileName"/> when the
    /// process is killed between writing and renaming. Call it only while holding the lock that guards that file.
    /// </summary>
    /// <returns>The names of the files deleted.</returns>
    public static IReadOnlyList<string> RemoveStaleTemps(string folder, string fileName)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }

        foreach (var temp in Directory.EnumerateFiles(folder, $".{fileName}.*.tmp"))
        {
            var middle = Path.GetFileName(temp)[(fileName.Length + 2)..^4];
            if (middle.Length == 32 && middle.All(char.IsAsciiHexDigitLower))
            {
                try
                {
                    File.Delete(temp);
                    removed.Add(Path.GetFileName(temp));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Left for the next open; it holds nothing the folder's real file does not.
                }
            }
        }

        return removed;
    }
}
