using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Watching;

/// <summary>
/// Watches config-leader.json and the template tree and asks for a render as soon as a change has settled: once no
/// further event came for <see cref="Settle"/> (the few events of one save, or a scripted burst, make one request).
/// A stream of changes that never settles still gets a render once <c>maxDelay</c> (<c>watchDebounceMs</c>) has
/// passed since its first change. Changes made while a render runs make one more render after it
/// (<see cref="RenderTriggers"/> coalesces the requests). Editors' temporary files are ignored, so saving in vim or
/// emacs triggers one render, not three.
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
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;
    private const int MaxNamed = 50;
    private readonly List<string> _changed = [];
    private readonly Lock _gate = new();
    private long _firstChange;

    /// <param name="maxDelay">The longest a stream of changes that never settles postpones its render.</param>
    public InputWatcher(string configPath, string templatesPath, TimeSpan maxDelay, RenderTriggers triggers, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(logger);
        _triggers = triggers;
        _logger = logger;
        _maxDelay = maxDelay;
        _timer = new Timer(_ => Fire());

        var configWatcher = new FileSystemWatcher(Path.GetDirectoryName(configPath)!, Path.GetFileName(configPath));
        var treeWatcher = new FileSystemWatcher(templatesPath) { IncludeSubdirectories = true };
        foreach (var watcher in new[] { configWatcher, treeWatcher })
        {
            watcher.NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        LeaderLog.Watching(logger, configPath, templatesPath);
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _timer.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        var name = Path.GetFileName(e.FullPath);
        var oldName = e is RenamedEventArgs renamed ? Path.GetFileName(renamed.OldFullPath) : name;
        if (TemplateFiles.IsIgnored(name) && TemplateFiles.IsIgnored(oldName))
        {
            return;
        }

        Record(e.FullPath);
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        LeaderLog.WatcherError(_logger, e.GetException());
        Record("watcher overflow");
    }

    /// <summary>
    /// Every event re-arms the timer for <see cref="Settle"/>, but never past <c>maxDelay</c> after the first change
    /// not yet requested.
    /// </summary>
    private void Record(string path)
    {
        lock (_gate)
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

            var left = _maxDelay - Stopwatch.GetElapsedTime(_firstChange, now);
            _timer.Change(left < Settle ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : Settle, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        string paths;
        lock (_gate)
        {
            if (_changed.Count == 0)
            {
                // A timer re-armed while it was firing: the previous call took every change.
                return;
            }

            _firstChange = 0;
            paths = string.Join(", ", _changed.Take(MaxNamed))
                + (_changed.Count > MaxNamed ? $" (+{_changed.Count - MaxNamed} more)" : string.Empty);
            _changed.Clear();
        }

        LeaderLog.InputsChanged(_logger, paths);
        _triggers.Request(ReasonPrefix + paths);
    }
}
