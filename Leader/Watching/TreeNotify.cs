using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.Watching;

/// <summary>
/// One inotify instance over the settings file's folder and the whole template tree, read by one dedicated thread.
/// Unlike <see cref="FileSystemWatcher"/>, it reports when a file open for writing is closed (<c>IN_CLOSE_WRITE</c>),
/// so a template written in place in several steps is only read once its writer is done. Folders created later are
/// watched as they appear; symbolic links are never followed. An overflowing queue or a folder that cannot be watched
/// is reported through <c>onError</c> (the caller renders everything to be safe). A folder that could not be watched,
/// or the tree's own folder moved, removed or unmounted, leaves the watch <see cref="Blind"/> for good.
/// </summary>
public sealed class TreeNotify : IDisposable
{
    private const uint FileEvents = Inotify.Modify | Inotify.CloseWrite | Inotify.Create | Inotify.Delete
        | Inotify.MovedFrom | Inotify.MovedTo | Inotify.DeleteSelf | Inotify.MoveSelf | Inotify.DontFollow | Inotify.ExcludeUnlinked | Inotify.OnlyDirectory;

    private readonly int _fd;
    private readonly int[] _wake = new int[2];
    private readonly Dictionary<int, (string Folder, bool Recursive, string? Only)> _watches = [];
    private readonly Action<string, TreeChange> _onChange;
    private readonly Action<Exception> _onError;
    private readonly Thread _thread;
    private readonly Lock _reading = new();
    private readonly byte[] _drainBuffer = new byte[64 * 1024];
    private volatile bool _stopping;
    private volatile bool _blind;
    private readonly int _treeWatch = -1;

    /// <param name="file">A file watched alone (its folder is watched, other names ignored).</param>
    /// <param name="tree">A folder watched with everything below it.</param>
    /// <param name="onChange">Called on the watcher's thread with the full path; keep it short.</param>
    /// <param name="onError">Called on the watcher's thread when events may have been lost.</param>
    public TreeNotify(string file, string tree, Action<string, TreeChange> onChange, Action<Exception> onError)
    {
        _onChange = onChange;
        _onError = onError;
        _fd = Inotify.Init(Inotify.NonBlock | Inotify.CloseOnExec);
        if (_fd < 0)
        {
            throw new IOException("cannot start a file watch (inotify_init1)", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        if (Inotify.Pipe(_wake, Inotify.NonBlock | Inotify.CloseOnExec) != 0)
        {
            _ = Inotify.Close(_fd);
            throw new IOException("cannot start a file watch (pipe2)", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            Add(Path.GetDirectoryName(Path.GetFullPath(file))!, recursive: false, only: Path.GetFileName(file));
            _treeWatch = AddTree(Path.GetFullPath(tree));
        }
        catch
        {
            CloseAll();
            throw;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "pryvbus-watch" };
        _thread.Start();
    }

    /// <summary>
    /// True once a change in the tree may never be reported: a folder that could not be watched, or the tree's folder
    /// moved, removed or unmounted (a folder put in its place is not watched). A lost queue is not blind: its overflow
    /// is reported, and what follows is watched again.
    /// </summary>
    public bool Blind => _blind;

    public void Dispose()
    {
        _blind = true; // a caller still holding it gets no vouching from a closed watch
        _stopping = true;
        _ = Inotify.Write(_wake[1], [1], 1);
        _thread.Join();
        CloseAll();
    }

    private void CloseAll()
    {
        _ = Inotify.Close(_fd);
        _ = Inotify.Close(_wake[0]);
        _ = Inotify.Close(_wake[1]);
    }

    private int AddTree(string folder)
    {
        var wd = Add(folder, recursive: true, only: null);
        foreach (var child in new DirectoryInfo(folder).EnumerateDirectories())
        {
            if (child.LinkTarget is null)
            {
                AddTree(child.FullName);
            }
        }

        return wd;
    }

    private int Add(string folder, bool recursive, string? only)
    {
        var wd = Inotify.AddWatch(_fd, folder, FileEvents);
        if (wd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is 2 or 20)
            {
                throw new DirectoryNotFoundException($"cannot watch {folder}: it is gone");
            }

            throw new IOException(error == 28
                ? $"cannot watch {folder}: the inotify watch limit is reached (fs.inotify.max_user_watches)"
                : $"cannot watch {folder}: {new Win32Exception(error).Message}");
        }

        lock (_watches)
        {
            _watches[wd] = (folder, recursive, only);
        }

        return wd;
    }

    private void Run()
    {
        var buffer = new byte[64 * 1024];
        var polls = new[] { new Inotify.PollFd { Fd = _fd, Events = Inotify.PollIn }, new Inotify.PollFd { Fd = _wake[0], Events = Inotify.PollIn } };
        while (!_stopping)
        {
            polls[0].Revents = polls[1].Revents = 0;
            if (Inotify.Poll(polls, 2, -1) <= 0 || (polls[0].Revents & Inotify.PollIn) == 0)
            {
                continue;
            }

            lock (_reading)
            {
                ReadPending(buffer);
            }
        }
    }

    /// <summary>
    /// Takes every event already queued, on the calling thread: the kernel queues an event within the system call that
    /// changed the file, so after this, any change that happened before the call has been reported.
    /// </summary>
    public void Drain()
    {
        lock (_reading)
        {
            ReadPending(_drainBuffer);
        }
    }

    private void ReadPending(byte[] buffer)
    {
        nint read;
        while ((read = Inotify.Read(_fd, buffer, buffer.Length)) > 0)
        {
            Dispatch(buffer.AsSpan(0, (int)read));
        }
    }

    private void Dispatch(ReadOnlySpan<byte> events)
    {
        var offset = 0;
        while (Inotify.Next(events, ref offset, out var wd, out var mask, out var name))
        {
            Handle(wd, mask, Encoding.UTF8.GetString(name));
        }
    }

    private void Handle(int wd, uint mask, string name)
    {
        if ((mask & Inotify.QueueOverflow) != 0)
        {
            _onError(new IOException("the file watch's event queue overflowed"));
            return;
        }

        (string Folder, bool Recursive, string? Only) watch;
        lock (_watches)
        {
            if (!_watches.TryGetValue(wd, out watch))
            {
                return;
            }

            if ((mask & Inotify.Ignored) != 0)
            {
                _watches.Remove(wd);
                _blind |= wd == _treeWatch;
                return;
            }
        }

        if ((mask & Inotify.Unmount) != 0 || (wd == _treeWatch && (mask & (Inotify.DeleteSelf | Inotify.MoveSelf)) != 0))
        {
            _blind = true;
        }

        if (watch.Only is not null && name != watch.Only)
        {
            return;
        }

        var path = name.Length == 0 ? watch.Folder : Path.Combine(watch.Folder, name);
        if (watch.Recursive && (mask & Inotify.IsDirectory) != 0 && (mask & (Inotify.Create | Inotify.MovedTo)) != 0)
        {
            try
            {
                AddTree(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder already gone was reported by its parent's watch; any other is a folder never watched.
                _blind |= ex is not DirectoryNotFoundException;
                _onError(ex);
            }
        }

        _onChange(path, (mask & Inotify.CloseWrite) != 0 ? TreeChange.Closed : (mask & Inotify.Modify) != 0 ? TreeChange.Written : TreeChange.Changed);
    }
}
