using System.Text.Json;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Components whose restart is owed, kept in <c>{root}/.pryvbus/restarts.json</c> so that files applied
/// just before a crash (or while Docker was down) still get their containers restarted after a restart.
/// A compose step owed (<c>pryv.yml</c> changed) is kept there too, as the entry <c>pryv.yml</c>.
/// </summary>
public sealed class PendingRestarts
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private bool _all;
    private bool _compose;
    private SortedSet<string> _components = new(StringComparer.Ordinal);

    public PendingRestarts(string configRoot)
    {
        ArgumentNullException.ThrowIfNull(configRoot);
        _path = Path.Combine(configRoot, ".pryvbus", "restarts.json");
        Actions = new ReloadActions(configRoot);
        Load();
    }

    /// <summary>How each component takes its new files (kept beside the pending list, in <c>actions.json</c>).</summary>
    public ReloadActions Actions { get; }

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return !_all && !_compose && _components.Count == 0;
            }
        }
    }

    public ComponentSelection Snapshot()
    {
        lock (_lock)
        {
            return _all ? ComponentSelection.AllComponents(_compose) : ComponentSelection.Of(_components, _compose);
        }
    }

    public void Add(ComponentSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        lock (_lock)
        {
            _all |= selection.All;
            _compose |= selection.ComposeFile;
            _components.UnionWith(selection.Components);
            Save();
        }
    }

    /// <summary>Removes what was handled; what was added meanwhile stays.</summary>
    public void Remove(ComponentSelection handled, IReadOnlyCollection<string> stillPending)
    {
        ArgumentNullException.ThrowIfNull(handled);
        ArgumentNullException.ThrowIfNull(stillPending);
        lock (_lock)
        {
            if (handled.All)
            {
                _all = stillPending.Contains(DockerRestarter.AllComponents);
            }

            if (handled.ComposeFile)
            {
                _compose = stillPending.Contains(ComponentSelection.RootFile);
            }

            _components.ExceptWith(handled.Components.Where(c => !stillPending.Contains(c)));
            Save();
        }
    }

    private void Load()
    {
        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllText(_path), PendingRestartsJsonContext.Default.StringArray) ?? [];
            _all = state.Contains(DockerRestarter.AllComponents);
            _compose = state.Contains(ComponentSelection.RootFile);
            _components = new SortedSet<string>(
                state.Where(c => c != DockerRestarter.AllComponents && c != ComponentSelection.RootFile), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            // Missing (nothing owed) or unreadable: start empty; the next apply records again.
        }
    }

    private void Save()
    {
        var state = (_all ? new[] { DockerRestarter.AllComponents } : [])
            .Concat(_compose ? [ComponentSelection.RootFile] : [])
            .Concat(_components)
            .ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, PendingRestartsJsonContext.Default.StringArray));
        File.Move(temp, _path, overwrite: true);
    }
}
