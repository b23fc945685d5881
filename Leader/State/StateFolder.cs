using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Leader.State;

/// <summary>
/// The leader's state folder (mode 0700): files in it are written whole (temporary file of mode 0600 beside the
/// target, fsync, rename, folder fsync), so a crash leaves the old content or the new one.
/// </summary>
public static partial class StateFolder
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder with mode 0700 when it does not exist yet.</summary>
    public static void Ensure(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, FolderMode);
        }
    }

    public static void WriteAtomically(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(path) + ".tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = FileMode,
            };
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            FsyncDirectory(directory);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static void FsyncDirectory(string directory)
    {
        var fd = Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the state folder {directory} to fsync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot fsync the state folder {directory}", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
