using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Watching;

/// <summary>
/// Watches config-leader.json and the template tree; after a quiet period (debounce) it asks for a render.
/// Editors' temporary files are ignored, so saving in vim or emacs triggers one render, not three.
/// </summary>
public sealed class InputWatcher : IDisposable
{
    private readonly RenderTriggers _triggers;
    private readonly ILogger _logger;
    private readonly TimeSpan _debounce;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;
    private const int MaxNamed = 50;
    private readonly List<string> _changed = [];
    private readonly Lock _gate = new();

    public InputWatcher(string configPath, string templatesPath, TimeSpan debounce, RenderTriggers triggers, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(logger);
        _triggers = triggers;
        _logger = logger;
        _debounce = debounce;
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

    /// <summary>Every event re-arms the timer: the render request comes one quiet period after the last change.</summary>
    private void Record(string path)
    {
        lock (_gate)
        {
            if (!_changed.Contains(path))
            {
                _changed.Add(path);
            }

            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        string paths;
        lock (_gate)
        {
            paths = string.Join(", ", _changed.Take(MaxNamed))
                + (_changed.Count > MaxNamed ? $" (+{_changed.Count - MaxNamed} more)" : string.Empty);
            _changed.Clear();
        }

        LeaderLog.InputsChanged(_logger, paths);
        _triggers.Request("inputs changed: " + paths);
    }
}
