using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// Tells whether anything opened a file since the watch started (inotify <c>IN_OPEN</c>): the kernel queues the event
/// when the open happens, so reading the queue afterwards needs no waiting.
/// </summary>
public sealed partial class OpenWatch : IDisposable
{
    private const int NonBlock = 0x800;
    private const uint InOpen = 0x20;
    private readonly int _fd;

    public OpenWatch(string path)
    {
        _fd = Init(NonBlock);
        if (_fd < 0 || AddWatch(_fd, path, InOpen) < 0)
        {
            throw new InvalidOperationException("inotify: " + new Win32Exception(Marshal.GetLastPInvokeError()).Message);
        }
    }

    /// <summary>Whether an open of the watched file was reported.</summary>
    public bool Opened()
    {
        var buffer = new byte[4096];
        return Read(_fd, buffer, buffer.Length) > 0;
    }

    public void Dispose() => _ = Close(_fd);

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int Init(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
