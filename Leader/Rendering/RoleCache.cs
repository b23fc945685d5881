namespace PryvBus.Leader.Rendering;

/// <summary>
/// What the last render of a role leaves for the next one: each file's render and its inputs (<see cref="CachedRender"/>),
/// the template bytes by identity (<see cref="CachedTemplate"/>), the folders' listings (<see cref="FolderStamps"/>), and
/// the role's inputs as listed with the file watch's stamp taken before the listing (<see cref="IWatchedTree"/>; null:
/// no watch vouched for it: none, or a listing with a link, whose target the watch of the role's folder does not follow)
/// and the role folder's inode.
/// </summary>
internal sealed record RoleCache(
    IReadOnlyDictionary<string, CachedRender> Files, IReadOnlyDictionary<string, CachedTemplate> Templates, FolderStamps Folders,
    IReadOnlyList<TemplateEntry> Inputs, long? Stamp, (ulong Device, ulong Inode)? Folder);
