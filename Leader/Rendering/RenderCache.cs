using System.Collections.Concurrent;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// The last successful render of every file, by role folder (its real path): a later render of the role reuses a file
/// whose inputs did not change (<see cref="CachedRender"/>). Each render replaces its role's entries with the files it
/// rendered or reused, so deleted or failing files leave the cache. Entries are immutable: concurrent renders at worst
/// miss an entry.
/// </summary>
internal sealed class RenderCache
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, CachedRender>> _roles = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, CachedRender>? Get(string roleFolder) => _roles.GetValueOrDefault(roleFolder);

    public void Set(string roleFolder, IReadOnlyDictionary<string, CachedRender> files) => _roles[roleFolder] = files;
}
