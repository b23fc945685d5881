using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Lists an open folder (<c>fdopendir</c>, <c>readdir</c>) and describes each entry from the folder's descriptor
/// without following a link (<c>statx</c> at the descriptor): a folder swapped for a link after it was opened is
/// still the folder that was opened, never the link's target. A folder found unchanged is not listed again: the names
/// it held are described again the same way (<see cref="Describe"/>).
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

    /// <summary>
    /// The names a folder held when it was last listed, each described again from the folder's own descriptor (one name
    /// to resolve, the link not followed), when the folder opened from the role folder's descriptor (no link, <c>..</c> or
    /// mount on the way) is still the one whose names those were; null to list it (it changed or cannot be opened).
    /// Nothing is read through these: a file is always opened with no link on the way (<see cref="TemplateFileReader"/>).
    /// </summary>
    /// <param name="roleFolder">The role folder's descriptor (kept open).</param>
    /// <param name="folder">The folder, relative to the role's ("" for the role's own).</param>
    /// <param name="identity">What the folder's parent listing found it to be.</param>
    /// <param name="known">The names it held.</param>
    public static List<(string Name, FileIdentity? Identity)>? Describe(int roleFolder, string folder, FileIdentity? identity, string[] known)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(known);
        var (fd, _) = folder.Length == 0 ? (roleFolder, 0) : BeneathOpen.Open(roleFolder, folder, BeneathOpen.Directory);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            if (folder.Length > 0 && NativeFiles.Identity(fd) != identity)
            {
                return null;
            }

            var names = new List<(string Name, FileIdentity? Identity)>(known.Length);
            foreach (var name in known)
            {
                names.Add((name, NativeFiles.IdentityAt(fd, name)));
            }

            return names;
        }
        finally
        {
            if (folder.Length > 0)
            {
                BeneathOpen.Close(fd);
            }
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
