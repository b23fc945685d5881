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
