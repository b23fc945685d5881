using System.ComponentModel;
using Microsoft.Win32.SafeHandles;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Reads an input <see cref="TemplateTree"/> listed, checking again on the open file what the listing checked on the
/// name: a regular file whose real path is inside the role's folder. A file swapped for a link or a fifo in between
/// is refused, and opening never blocks.
/// </summary>
internal static class TemplateFileReader
{
    /// <exception cref="IOException">The file cannot be read, or is no longer what the listing saw.</exception>
    public static byte[] Read(string fullPath, string realRoot)
    {
        var (fd, error) = NativeFiles.OpenForReading(fullPath);
        if (fd < 0)
        {
            throw new IOException(new Win32Exception(error).Message);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var opened = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        if (opened is null || !TemplateTree.IsUnder(opened, realRoot))
        {
            throw new IOException("changed while being read: it is no longer inside the role's folder");
        }

        if (NativeFiles.Describe(fd) is not ({ } type, { } size) || type != NativeFiles.Regular)
        {
            throw new IOException("changed while being read: it is no longer a regular file");
        }

        if (size > int.MaxValue)
        {
            throw new IOException("larger than 2 GiB");
        }

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
}
