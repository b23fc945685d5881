using System.Text.Json;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Components whose restart is owed, kept in <c>{root}/.pryvbus/restarts.json</c> so that files applied
/// just before a crash (or while Docker was down) still get their containers restarted after a restart.
/// A compose step owed (<c>pryv.yml</c> changed) is kept there too, as the entry <c>pryv.yml</c>. Written the plain
/// durable way (<see cref="AtomicFileWriter"/>: one write, fsync, rename, folder fsync): what is owed survives a power loss.
/// </summary>
public sealed class PendingRestarts
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly AtomicFileWriter _writer = new(new FileSettings());
    private bool _all;
    private bool _compose;
    private SortedSet<string> _components = new(StringComparer.Ordinal);
    private byte[]? _saved;

    // When each entry was last owed (a count of Add calls): an entry owed again while its restart ran stays owed.
    private long _adds;
    private long _allAt;
    private long _composeAt;
    private readonly Dictionary<string, long> _owedAt = new(StringComparer.Ordinal);

    /// <summary>The follower's own state: read and written by it alone.</summary>
    internal const UnixFileMode StateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public PendingRestarts(string configRoot)
    {
        ArgumentNullException.ThrowIfNull(configRoot);
        _path = Path.Combine(configRoot, ".pryvbus", "restarts.json");
        RemoveTemporaryCopies(_path);
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
            var at = ++_adds;
            _all |= selection.All;
            _allAt = selection.All ? at : _allAt;
            _compose |= selection.ComposeFile;
            _composeAt = selection.ComposeFile ? at : _composeAt;
            _components.UnionWith(selection.Components);
            foreach (var component in selection.Components)
            {
                _owedAt[component] = at;
            }

            Save();
        }
    }

    /// <summary>What is owed now, and the mark to hand back to <see cref="Remove"/> once it was handled.</summary>
    public (ComponentSelection Selection, long Mark) Begin()
    {
        lock (_lock)
        {
            return (Snapshot(), _adds);
        }
    }

    /// <summary>
    /// Removes what was handled since <paramref name="mark"/> (<see cref="Begin"/>). What was added meanwhile stays, and
    /// so does an entry owed again meanwhile: its files may have changed after its container started.
    /// </summary>
    public void Remove(ComponentSelection handled, IReadOnlyCollection<string> stillPending, long mark)
    {
        ArgumentNullException.ThrowIfNull(handled);
        ArgumentNullException.ThrowIfNull(stillPending);
        lock (_lock)
        {
            if (handled.All && _allAt <= mark)
            {
                _all = stillPending.Contains(DockerRestarter.AllComponents);
            }

            if (handled.ComposeFile && _composeAt <= mark)
            {
                _compose = stillPending.Contains(ComponentSelection.RootFile);
            }

            _components.ExceptWith(handled.Components.Where(c => !stillPending.Contains(c) && _owedAt.GetValueOrDefault(c) <= mark));
            Save();
        }
    }

    /// <summary>At start: the temporary copies of a state file that a crash left in the middle of its write (never complete, never read).</summary>
    internal static void RemoveTemporaryCopies(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(folder, "." + Path.GetFileName(path) + PathGuard.TempMarker + "*"))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next start, or for the cleanup of the next apply: never read as the state file.
            }
        }
    }

    private void Load()
    {
        try
        {
            var saved = File.ReadAllBytes(_path);
            var state = JsonSerializer.Deserialize(saved, PendingRestartsJsonContext.Default.StringArray) ?? [];
            _all = state.Contains(DockerRestarter.AllComponents);
            _compose = state.Contains(ComponentSelection.RootFile);
            _components = new SortedSet<string>(
                state.Where(c => c != DockerRestarter.AllComponents && c != ComponentSelection.RootFile), StringComparer.Ordinal);
            _saved = saved;
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
        var content = JsonSerializer.SerializeToUtf8Bytes(state, PendingRestartsJsonContext.Default.StringArray);
        if (_saved is not null && content.AsSpan().SequenceEqual(_saved))
        {
            // What is owed did not change (nothing handled, nothing added): the file already says it.
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _writer.Write(_path, content, StateFileMode, changeOwner: false);
        _saved = content;
    }
}
