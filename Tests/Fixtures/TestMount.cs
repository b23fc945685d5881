using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A bind mount or a tmpfs mounted for one test (needs root: the tests run as root in the build container), detached on
/// dispose. Dispose it before the folder holding it, so that a recursive delete never walks into the mounted folder.
/// </summary>
public sealed partial class TestMount : IDisposable
{
    private const ulong Bind = 4096;
    private const int Detach = 2;

    private TestMount(string target) => Target = target;

    public string Target { get; }

    /// <summary>Mounts <paramref name="source"/> (a file or a folder) again at <paramref name="target"/>, which must exist and be of the same kind.</summary>
    public static TestMount BindMount(string source, string target) => Mount(source, target, null, Bind);

    /// <summary>Mounts an empty tmpfs (another device) on the folder <paramref name="target"/>.</summary>
    public static TestMount Tmpfs(string target) => Mount("none", target, "tmpfs", 0);

    public void Dispose() => _ = Unmount(Target, Detach);

    private static TestMount Mount(string source, string target, string? type, ulong flags)
    {
        if (MountNative(source, target, type, flags, IntPtr.Zero) != 0)
        {
            throw new InvalidOperationException(
                $"cannot mount on {target} ({new Win32Exception(Marshal.GetLastPInvokeError()).Message}): these tests need root (CAP_SYS_ADMIN)");
        }

        return new TestMount(target);
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string source, string target, string? type, ulong flags, IntPtr data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unmount(string target, int flags);
}
