using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Tests.Fixtures;

/// <summary>Creates hard links (<c>link(2)</c>) and fifos (<c>mkfifo(3)</c>), which .NET has no API for.</summary>
public static partial class FileNodes
{
    /// <summary>Makes <paramref name="link"/> a second name of the file <paramref name="existing"/> (same filesystem).</summary>
    public static void HardLink(string link, string existing)
    {
        if (LinkNative(existing, link) != 0)
        {
            throw new IOException($"cannot link {link} to {existing}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
    }

    /// <summary>Creates a fifo at <paramref name="path"/>.</summary>
    public static void Fifo(string path)
    {
        if (MakeFifo(path, 0x1B6) != 0)
        {
            throw new IOException($"cannot create the fifo {path}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existing, string link);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);
}
