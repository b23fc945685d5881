namespace PryvBus.Leader.Rendering;

/// <summary>
/// The names each folder of a role held when it was last listed, with the folder's identity at that moment
/// (<see cref="FileIdentity"/>, taken before the listing). A folder's change time moves whenever a name in it is added,
/// removed or renamed, so a folder whose settled identity is unchanged holds the same names: the next scan describes
/// them again (each file's own identity is always read) without opening and listing the folder.
/// </summary>
internal sealed class FolderStamps
{
    private readonly Dictionary<string, (FileIdentity Folder, string[] Names)> _folders = new(StringComparer.Ordinal);

    /// <summary>The names <paramref name="folder"/> held, when it is still the folder listed then; null to list it.</summary>
    public string[]? Names(string folder, FileIdentity? identity) =>
        identity is { } now && _folders.TryGetValue(folder, out var known) && known.Folder == now ? known.Names : null;

    /// <summary>Keeps a listing, when the folder's last change is old enough to be told from a later one.</summary>
    public void Keep(string folder, FileIdentity? identity, IEnumerable<string> names, DateTimeOffset now)
    {
        if (identity is { } stamp && stamp.IsSettled(now))
        {
            _folders[folder] = (stamp, [.. names]);
        }
    }
}
