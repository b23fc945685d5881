using PryvBus.Follower.Applying;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Containers;

/// <summary>
/// The reload actions of the version being applied, kept in <c>{root}/.pryvbus/actions.json</c> (the signed meta field,
/// as verified) so that a restart owed across a crash, and a later <c>reload</c> event, use the declared action. The
/// file is the follower's own state, read back with the same rules as the signed field; anything unreadable means restart.
/// Written the plain durable way (<see cref="AtomicFileWriter"/>), its removal followed by a folder fsync.
/// </summary>
public sealed class ReloadActions
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly AtomicFileWriter _writer = new(new FileSettings());
    private IReadOnlyDictionary<string, ComponentSpec> _current;
    private string? _text;

    public ReloadActions(string configRoot)
    {
        ArgumentNullException.ThrowIfNull(configRoot);
        _path = Path.Combine(configRoot, Shared.Paths.ConfigPath.StateDirectory, "actions.json");
        PendingRestarts.RemoveTemporaryCopies(_path);
        _text = Load();
        _current = ComponentsField.Read(_text, out _) ?? Empty();
    }

    public IReadOnlyDictionary<string, ComponentSpec> Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Records the declarations of a verified version (durably, before its files are committed).</summary>
    public void Set(IReadOnlyDictionary<string, ComponentSpec> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var text = ComponentsField.Write(components);
        lock (_lock)
        {
            if (text == _text)
            {
                return;
            }

            var folder = Path.GetDirectoryName(_path)!;
            Directory.CreateDirectory(folder);
            if (text is null)
            {
                File.Delete(_path);
                Posix.FsyncDirectory(folder);
            }
            else
            {
                _writer.Write(_path, System.Text.Encoding.UTF8.GetBytes(text), PendingRestarts.StateFileMode, changeOwner: false);
            }

            (_text, _current) = (text, components);
        }
    }

    private string? Load()
    {
        try
        {
            var info = new FileInfo(_path);
            return info.Exists && info.Length <= ComponentRules.MaxFieldLength ? File.ReadAllText(_path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, ComponentSpec> Empty() => new(StringComparer.Ordinal);
}
