namespace PryvBus.Leader.Rendering;

/// <summary>
/// What the last render of a role leaves for the next one: each file's render and its inputs (<see cref="CachedRender"/>),
/// the template bytes by identity (<see cref="CachedTemplate"/>), and the folders' listings (<see cref="FolderStamps"/>).
/// </summary>
internal sealed record RoleCache(
    IReadOnlyDictionary<string, CachedRender> Files, IReadOnlyDictionary<string, CachedTemplate> Templates, FolderStamps Folders);
