using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Tests.Fixtures;

/// <summary>Creates hard links (<c>link(2)</c>; .NET has no API for them).</summary>
public static partial class HardLink
{
    /// <summary>Makes <paramref name="link"/> a second name of the file <paramref name="existing"/> (same filesystem).</summary>
    public static void Create(string link, string existing)
    {
        if (LinkNative(existing, link) != 0)
        {
            throw new IOException($"cannot link {link} to {existing}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existing, string link);
}
