using System.ComponentModel;
using Microsoft.Win32.SafeHandles;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Reads an input <see cref="TemplateTree"/> listed without ever opening anything outside the role's folder: the file
/// is opened from the role folder's descriptor with no link, no <c>..</c> and no mount on the way
/// (<see cref="BeneathOpen"/>), without blocking; then the open file must be a regular file with one name (no hard link)
/// on the role folder's filesystem and mount. A file swapped for a link, a fifo or a hard link in between is refused.
/// </summary>
internal static class TemplateFileReader
{
    /// <exception cref="IOException">The file cannot be read, or is no longer what the listing saw.</exception>
    public static byte[] Read(string fullPath, string realRoot)
    {
        using var folder = RoleFolder.Open(realRoot);
        return Read(folder, fullPath);
    }

    /// <exception cref="IOException">The file cannot be read, or is no longer what the listing saw.</exception>
    public static byte[] Read(RoleFolder folder, string fullPath) => Read(folder, fullPath, out _);

    /// <param name="folder">The role's folder.</param>
    /// <param name="fullPath">The file, below it.</param>
    /// <param name="opened">What the open file was before it was read.</param>
    /// <exception cref="IOException">The file cannot be read, or is no longer what the listing saw.</exception>
    public static byte[] Read(RoleFolder folder, string fullPath, out FileIdentity opened)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(fullPath);
        if (!TemplateTree.IsUnder(fullPath, folder.RealRoot))
        {
            throw new IOException("outside the role's folder");
        }

        var (fd, error) = BeneathOpen.Open(folder.Fd, Path.GetRelativePath(folder.RealRoot, fullPath));
        if (fd < 0)
        {
            throw new IOException(Explain(error));
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        opened = Check(NativeFiles.Identity(fd), folder.Identity);
        var size = (int)opened.Size;
        var content = new byte[size];
        var read = 0;
        while (read < content.Length)
        {
            var count = RandomAccess.Read(handle, content.AsSpan(read), read);
            if (count == 0)
            {
                return content[..read];
            }

            read += count;
        }

        return content;
    }

    /// <summary>Why an open file may not be an input; null when it may.</summary>
    public static string? Problem(FileIdentity file, FileIdentity? folder)
    {
        if (file.Type != NativeFiles.Regular)
        {
            return "not a regular file";
        }

        if (folder is null || !file.SameMount(folder.Value))
        {
            return "on another filesystem or mount than the role's folder (a bind mount?): only files of the role's folder itself are rendered";
        }

        return file.Links > 1
            ? $"has {file.Links} hard links: another name of the same file may be outside the template folder (/etc/shadow...); make it a copy, or a symbolic link inside the role's folder"
            : null;
    }

    private static FileIdentity Check(FileIdentity? file, FileIdentity? folder)
    {
        if (file is not { } opened)
        {
            throw new IOException("cannot be described (statx failed)");
        }

        if (Problem(opened, folder) is { } problem)
        {
            throw new IOException("changed while being read: " + problem);
        }

        return opened.Size > int.MaxValue ? throw new IOException("larger than 2 GiB") : opened;
    }

    private static string Explain(int error) => error switch
    {
        BeneathOpen.Loop => "changed while being read: a link appeared on the way (nothing was opened through it)",
        BeneathOpen.CrossDevice => "changed while being read: its path now leads out of the role's folder or onto another filesystem (nothing was opened there)",
        _ => new Win32Exception(error).Message,
    };
}
