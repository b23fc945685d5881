using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// Timestamps files as they land: one inotify instance watching folders for <c>IN_MOVED_TO</c> (a follower renaming
/// its fsynced temporary file over the target) and, where asked, <c>IN_CLOSE_WRITE</c> (a follower closing its
/// manifest delta after an append and its fsync), read by one dedicated thread that takes the monotonic clock as soon as
/// <c>read()</c> returns. Nothing polls, so there is no polling bias: what is left is that thread's wake-up (tens of µs),
/// which can only make a latency look longer.
/// </summary>
internal sealed partial class RenameWatcher : IDisposable
{
    private const int InNonBlock = 0x800;
    private const int InCloseOnExec = 0x80000;
    private const uint InMovedTo = 0x80;
    private const uint InCloseWrite = 0x8;
    private const short PollIn = 1;
    private const int EventHeader = 16;
    private readonly int _fd;
    private readonly Dictionary<int, object> _tags = [];
    private readonly Action<object, string, long> _onRename;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="onRename">Called on the watcher thread with the folder's tag, the file name and the timestamp; keep it short.</param>
    public RenameWatcher(Action<object, string, long> onRename)
    {
        _fd = InotifyInit(InNonBlock | InCloseOnExec);
        if (_fd < 0)
        {
            throw new IOException("inotify_init1 failed", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        _onRename = onRename;
        _thread = new Thread(Run) { IsBackground = true, Name = "rename-watcher" };
        _thread.Start();
    }

    /// <param name="closeWrite">Also a file closed after a write (a follower appending to its manifest delta).</param>
    public void Watch(string directory, object tag, bool closeWrite = false)
    {
        var wd = AddWatch(_fd, directory, closeWrite ? InMovedTo | InCloseWrite : InMovedTo);
        if (wd < 0)
        {
            throw new IOException($"inotify_add_watch {directory} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        lock (_tags)
        {
            _tags[wd] = tag;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _ = Close(_fd);
    }

    private void Run()
    {
        var buffer = new byte[256 * 1024];
        var poll = new PollFd { Fd = _fd, Events = PollIn };
        while (!_stopping)
        {
            poll.Revents = 0;
            if (Poll(ref poll, 1, 100) <= 0)
            {
                continue;
            }

            var read = Read(_fd, buffer, buffer.Length);
            var now = Stopwatch.GetTimestamp();
            if (read > 0)
            {
                Dispatch(buffer.AsSpan(0, (int)read), now);
            }
        }
    }

    /// <summary>Walks <c>struct inotify_event { int wd; uint32 mask, cookie, len; char name[len]; }</c> records.</summary>
    private void Dispatch(ReadOnlySpan<byte> events, long now)
    {
        var offset = 0;
        while (offset + EventHeader <= events.Length)
        {
            var wd = MemoryMarshal.Read<int>(events[offset..]);
            var mask = MemoryMarshal.Read<uint>(events[(offset + 4)..]);
            var length = MemoryMarshal.Read<int>(events[(offset + 12)..]);
            var name = events.Slice(offset + EventHeader, length);
            offset += EventHeader + length;
            var end = name.IndexOf((byte)0);
            name = end >= 0 ? name[..end] : name;
            if ((mask & (InMovedTo | InCloseWrite)) == 0)
            {
                continue;
            }

            object? tag;
            lock (_tags)
            {
                _tags.TryGetValue(wd, out tag);
            }

            if (tag is not null)
            {
                _onRename(tag, Encoding.UTF8.GetString(name), now);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
