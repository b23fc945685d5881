using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.Watching;

/// <summary>
/// One inotify instance over the settings file's folder and the whole template tree, read by one dedicated thread.
/// Unlike <see cref="FileSystemWatcher"/>, it reports when a file open for writing is closed (<c>IN_CLOSE_WRITE</c>),
/// so a template written in place in several steps is only read once its writer is done. Folders created or moved in
/// later are watched as they appear (<see cref="WatchRegistry"/>), before their event is reported. An overflowing queue
/// is reported through <c>onError</c> (the caller renders everything to be safe) once the tree's folders are all added
/// again (a folder made, or moved, among the lost events is watched from then on). A folder that could not be watched,
/// or the tree's own folder moved, removed or unmounted, leaves the watch <see cref="Blind"/> for good.
/// </summary>
public sealed class TreeNotify : IDisposable
{
    private readonly int _fd;
    private readonly int[] _wake = new int[2];
    private readonly WatchRegistry _watches;
    private readonly string _tree;
    private readonly int _treeWatch;
    private readonly Action<string, TreeChange> _onChange;
    private readonly Action<Exception> _onError;
    private readonly Thread _thread;
    private readonly Lock _reading = new();
    private readonly byte[] _drainBuffer = new byte[64 * 1024];
    private volatile bool _stopping;
    private volatile bool _blind;
    private bool _closed;
    private int _disposed;

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

        _watches = new WatchRegistry(_fd);
        _tree = Path.GetFullPath(tree);
        try
        {
            _watches.Add(Path.GetDirectoryName(Path.GetFullPath(file))!, recursive: false, only: Path.GetFileName(file));
            _treeWatch = _watches.AddTree(_tree);
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
    /// True once a change in the tree may never be reported: a folder that could not be watched, the tree's folder
    /// moved, removed or unmounted (a folder put in its place is not watched), or the watch stopped.
    /// </summary>
    public bool Blind => _blind;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // its descriptors' numbers may be another file's by now
        }

        _blind = true; // a caller still holding it gets no vouching from a stopped watch
        _stopping = true;
        _ = Inotify.Write(_wake[1], [1], 1);
        _thread.Join();
        lock (_reading)
        {
            // A drain after this reads nothing: the descriptor's number may belong to another file by then.
            _closed = true;
            CloseAll();
        }
    }

    private void CloseAll()
    {
        _ = Inotify.Close(_fd);
        _ = Inotify.Close(_wake[0]);
        _ = Inotify.Close(_wake[1]);
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

    /// <summary>Holds the reading of events until disposed, on the calling thread (tests: the kernel's queue fills up meanwhile).</summary>
    internal Lock.Scope PauseReading() => _reading.EnterScope();

    private void ReadPending(byte[] buffer)
    {
        nint read;
        while (!_closed && (read = Inotify.Read(_fd, buffer, buffer.Length)) > 0)
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
            // Lost events may have made folders (unwatched) or moved them (watched under their old path): every folder of
            // the tree is added again before the loss is reported.
            try
            {
                _watches.AddTree(_tree);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _blind = true; // the tree's folder gone (its own event may be among the lost), or a folder never watched
            }

            _onError(new IOException("the file watch's event queue overflowed"));
            return;
        }

        if (!_watches.TryGet(wd, out var watch))
        {
            return;
        }

        if ((mask & Inotify.Ignored) != 0)
        {
            _watches.Remove(wd);
            Blinded(wd == _treeWatch);
            return;
        }

        Blinded((mask & Inotify.Unmount) != 0 || (wd == _treeWatch && (mask & (Inotify.DeleteSelf | Inotify.MoveSelf)) != 0));
        if (watch.Only is not null && name != watch.Only)
        {
            return;
        }

        var path = name.Length == 0 ? watch.Folder : Path.Combine(watch.Folder, name);
        if (watch.Recursive && (mask & Inotify.IsDirectory) != 0 && (mask & (Inotify.Create | Inotify.MovedTo)) != 0)
        {
            AddWatched(path);
        }

        _onChange(path, (mask & Inotify.CloseWrite) != 0 ? TreeChange.Closed : (mask & Inotify.Modify) != 0 ? TreeChange.Written : TreeChange.Changed);
    }

    /// <summary>Watches a folder and everything below it; one already gone is not an error (its parent's watch reported it).</summary>
    private void AddWatched(string folder)
    {
        try
        {
            _watches.AddTree(folder);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed or moved again since its event: that is an event of its parent's.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _blind = true; // a folder never watched
            _onError(ex);
        }
    }

    private void Blinded(bool blind)
    {
        if (blind)
        {
            _blind = true;
        }
    }
}
