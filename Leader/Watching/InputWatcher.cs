using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Watching;

/// <summary>
/// Watches config-leader.json and the template tree and asks for a render as soon as a change has settled: once no
/// further event came for <see cref="Settle"/> (the few events of one save, or a scripted burst, make one request).
/// A stream of changes that never settles still gets a render once <c>maxDelay</c> (<c>watchDebounceMs</c>) has
/// passed since its first change. A file written in place is read only once its writer has closed it (a script that
/// truncates a template, then writes it, must not have the empty file rendered): an open writer holds the request up
/// to <c>maxDelay</c> (<see cref="TreeNotify"/>). Changes made while a render runs make one more render after it
/// (<see cref="RenderTriggers"/> coalesces the requests). Editors' temporary files are ignored, so saving in vim or
/// emacs triggers one render, not three. Each event is also counted for the role whose folder it is in
/// (<see cref="Stamps"/>), every one, editors' files included.
/// </summary>
public sealed class InputWatcher : IDisposable
{
    /// <summary>How the reason of a pass this watcher asked for starts.</summary>
    public const string ReasonPrefix = "inputs changed: ";

    private readonly RenderTriggers _triggers;
    private readonly ILogger _logger;
    /// <summary>Quiet time after the latest event before the request: short, so a single edit renders at once.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    private readonly TimeSpan _maxDelay;
    private readonly TreeNotify _notify;
    private readonly HashSet<string> _writing = new(StringComparer.Ordinal);
    private TaskCompletionSource _written = Done();
    private readonly Timer _timer;
    private const int MaxNamed = 50;
    private readonly List<string> _changed = [];
    private readonly Lock _gate = new();
    private long _firstChange;
    private long _generation;
    private readonly TemplateStamps _stamps;

    /// <summary>
    /// Counts the changes seen, every change made before the call included (the queued events are taken first): a pass
    /// compares it before and after it read its inputs.
    /// </summary>
    public long Generation
    {
        get
        {
            _notify.Drain();
            return Interlocked.Read(ref _generation);
        }
    }

    /// <param name="maxDelay">The longest a stream of changes that never settles postpones its render.</param>
    public InputWatcher(string configPath, string templatesPath, TimeSpan maxDelay, RenderTriggers triggers, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(logger);
        _triggers = triggers;
        _logger = logger;
        _maxDelay = maxDelay;
        _timer = new Timer(_ => Fire());
        _stamps = new TemplateStamps(templatesPath);
        _notify = new TreeNotify(configPath, _stamps.Tree, OnChanged, OnError);
        _stamps.Notify = _notify;
        if (!_stamps.CanVouch)
        {
            LeaderLog.WatchVouchesForNothing(logger, _stamps.Tree);
        }
        LeaderLog.Watching(logger, configPath, templatesPath);
    }

    public void Dispose()
    {
        _notify.Dispose();
        _timer.Dispose();
    }

    /// <summary>What the watch vouches for: a trusted pass's renders take a role's folder it saw no change in as listed before.</summary>
    public IWatchedTree Stamps => _stamps;

    /// <summary>Holds the watch's reading of events until disposed, on the calling thread (tests: a full queue).</summary>
    internal Lock.Scope PauseReading() => _notify.PauseReading();

    private void OnChanged(string path, TreeChange change)
    {
        _stamps.Count(path);
        if (TemplateFiles.IsIgnored(Path.GetFileName(path)))
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        lock (_gate)
        {
            if (change == TreeChange.Written)
            {
                if (_writing.Add(path) && _writing.Count == 1)
                {
                    _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            else if (_writing.Remove(path) && _writing.Count == 0)
            {
                // Closed, or created, removed, renamed: no writer of ours to wait for.
                _written.TrySetResult();
            }

            Record(path);
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="max"/>) until no watched file is open for writing: a pass started by another
    /// request (SIGHUP, the settings edit just before a template edit) must not read a template half-written either.
    /// </summary>
    public async Task UntilWrittenAsync(TimeSpan max, CancellationToken ct)
    {
        _notify.Drain();
        Task written;
        lock (_gate)
        {
            written = _written.Task;
        }

        try
        {
            await written.WaitAsync(max, ct);
        }
        catch (TimeoutException)
        {
            // A writer that keeps its file open: render what is there, as the watch's maximum delay does.
        }
    }

    private void OnError(Exception exception)
    {
        LeaderLog.WatcherError(_logger, exception);
        Interlocked.Increment(ref _generation);
        _stamps.EveryRole();
        lock (_gate)
        {
            // Events were lost: which files are still open for writing is not known any more.
            _writing.Clear();
            _written.TrySetResult();
            Record("watcher overflow");
        }
    }

    /// <summary>
    /// Every event re-arms the timer for <see cref="Settle"/>, but never past <c>maxDelay</c> after the first change
    /// not yet requested.
    /// </summary>
    private void Record(string path)
    {
        if (!_changed.Contains(path))
        {
            _changed.Add(path);
        }

        var now = Stopwatch.GetTimestamp();
        if (_firstChange == 0)
        {
            _firstChange = now;
        }

        Arm(now);
    }

    private void Arm(long now)
    {
        var left = _maxDelay - Stopwatch.GetElapsedTime(_firstChange, now);
        _timer.Change(left < Settle ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : Settle, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A pass began reading its inputs after the changes counted up to <paramref name="seen"/> (<see cref="Generation"/>):
    /// the request they would make is dropped, since that pass reads them. Kept when a change came since (the pass may not
    /// have read it) or a file is open for writing (its close asks again).
    /// </summary>
    public void Covered(long seen)
    {
        lock (_gate)
        {
            if (_writing.Count > 0 || Interlocked.Read(ref _generation) != seen)
            {
                return;
            }

            _changed.Clear();
            _firstChange = 0;
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <summary>Whether a watched file is open for writing now, as far as the watch has seen (queued events taken first).</summary>
    public bool Writing
    {
        get
        {
            _notify.Drain();
            lock (_gate)
            {
                return _writing.Count > 0;
            }
        }
    }

    private static TaskCompletionSource Done()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_changed.Count == 0)
            {
                // A timer re-armed while it was firing: the previous call took every change.
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (_writing.Count > 0 && Stopwatch.GetElapsedTime(_firstChange, now) < _maxDelay)
            {
                // A file is still open for writing: reading it now could take half of it. Its close (or the maximum
                // delay, for a writer that keeps it open) ends the wait.
                Arm(now);
                return;
            }

            _firstChange = 0;
            var paths = string.Join(", ", _changed.Take(MaxNamed))
                + (_changed.Count > MaxNamed ? $" (+{_changed.Count - MaxNamed} more)" : string.Empty);
            _changed.Clear();

            // Under the lock: a pass's Covered sees either the changes or the request they made, never neither.
            LeaderLog.InputsChanged(_logger, paths);
            _triggers.Request(ReasonPrefix + paths);
        }
    }
}
