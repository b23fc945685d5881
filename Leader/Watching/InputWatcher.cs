using Microsoft.Extensions.Logging;
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
    private string _lastPath = string.Empty;

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

        _lastPath = e.FullPath;
        _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        LeaderLog.WatcherError(_logger, e.GetException());
        _lastPath = "watcher overflow";
        _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        LeaderLog.InputsChanged(_logger, _lastPath);
        _triggers.Request("inputs changed: " + _lastPath);
    }
}
