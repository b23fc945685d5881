using System.Collections.Concurrent;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// What the last render of every role left (<see cref="RoleCache"/>), by role folder (its real path): a later render of
/// the role lists only the folders that changed, reads only the templates that changed, and reuses a file whose inputs
/// did not change (<see cref="CachedRender"/>). Each render replaces its role's entry with what it rendered, read or
/// reused, so deleted or failing files leave the cache. Entries are not changed once set: concurrent renders at worst
/// miss an entry.
/// </summary>
internal sealed class RenderCache
{
    private readonly ConcurrentDictionary<string, RoleCache> _roles = new(StringComparer.Ordinal);

    public RoleCache? Get(string roleFolder) => _roles.GetValueOrDefault(roleFolder);

    public void Set(string roleFolder, RoleCache role) => _roles[roleFolder] = role;
}
