using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Lists an open folder (<c>fdopendir</c>, <c>readdir</c>) and describes each entry from the folder's descriptor
/// without following a link (<c>statx</c> at the descriptor): a folder swapped for a link after it was opened is
/// still the folder that was opened, never the link's target.
/// </summary>
internal static partial class FolderListing
{
    private const int NameOffset = 19; // d_name in struct dirent: glibc and musl, every 64-bit architecture

    /// <summary>Each entry's name and what it is (null when it vanished); takes ownership of <paramref name="fd"/>.</summary>
    /// <exception cref="IOException">The folder cannot be listed.</exception>
    public static List<(string Name, FileIdentity? Identity)> List(int fd)
    {
        var folder = OpenDirectory(fd);
        if (folder == IntPtr.Zero)
        {
            var error = Marshal.GetLastPInvokeError();
            BeneathOpen.Close(fd);
            throw new IOException(new Win32Exception(error).Message);
        }

        try
        {
            var descriptor = DirectoryFd(folder);
            var entries = new List<(string, FileIdentity?)>();
            while (ReadDirectory(folder) is var entry && entry != IntPtr.Zero)
            {
                var name = Marshal.PtrToStringUTF8(entry + NameOffset);
                if (name is null or "." or "..")
                {
                    continue;
                }

                entries.Add((name, NativeFiles.IdentityAt(descriptor, name)));
            }

            return entries;
        }
        finally
        {
            _ = CloseDirectory(folder);
        }
    }

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial IntPtr OpenDirectory(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDirectory(IntPtr folder);

    [LibraryImport("libc", EntryPoint = "dirfd")]
    private static partial int DirectoryFd(IntPtr folder);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDirectory(IntPtr folder);
}
