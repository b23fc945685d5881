using PryvBus.Leader.Rendering;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.Watching;

/// <summary>
/// What the file watch vouches for (<see cref="IWatchedTree"/>): its events counted by the role whose folder they are in
/// (the template folder's child they are under), each event taking the next serial, a role's stamp the serial of the last
/// event that may have changed its folder. An event on the template folder itself (a role folder added, removed or
/// renamed is an event in it for that name; the folder's own) or lost events count for every role, as does any event
/// once more names than <see cref="MaxRoles"/> were counted (the names are the template folder's, written by anyone who
/// can write there). Serials are unique in the process, and a new instance starts above every earlier one: a render
/// cache that outlives a watch never finds a later watch's stamp equal to an earlier one's.
/// </summary>
internal sealed class TemplateStamps : IWatchedTree
{
    private const int MaxRoles = 4096;
    private static long s_serial;
    private readonly (ulong Device, ulong Inode)? _treeInode;
    private readonly Dictionary<string, long> _roles = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _everyRole = Interlocked.Increment(ref s_serial);

    /// <param name="templatesPath">The template folder as the settings name it.</param>
    public TemplateStamps(string templatesPath)
    {
        // The folder itself, not a link to it: a link's later target is not watched (the stamps then vouch for nothing).
        Tree = Path.TrimEndingDirectorySeparator(NativeFiles.RealPath(templatesPath) ?? Path.GetFullPath(templatesPath));
        _treeInode = NativeFiles.IdentityOf(Tree) is { } tree && LocalFileSystems.Holds(Tree) ? (tree.Device, tree.Inode) : null;
    }

    /// <summary>Whether the template folder is a folder of a local file system: otherwise no stamp is ever given.</summary>
    public bool CanVouch => _treeInode is not null;

    /// <summary>The template folder's real path: the folder to watch.</summary>
    public string Tree { get; }

    /// <summary>The watch whose events are counted, once it runs (null: nothing is vouched for).</summary>
    public TreeNotify? Notify { get; set; }

    /// <inheritdoc/>
    /// <remarks>
    /// Null as well when the template folder is on a file system another host or process can change without an event
    /// here (NFS, CIFS, FUSE…: <see cref="LocalFileSystems"/>).
    /// </remarks>
    public long? Stamp(string realTemplates, string role)
    {
        ArgumentNullException.ThrowIfNull(realTemplates);
        ArgumentNullException.ThrowIfNull(role);
        if (Notify is not { Blind: false } notify || realTemplates != Tree || _treeInode is not { } watched)
        {
            return null;
        }

        notify.Drain();
        if (notify.Blind || NativeFiles.IdentityOf(realTemplates) is not { } now || (now.Device, now.Inode) != watched)
        {
            return null;
        }

        lock (_gate)
        {
            return Math.Max(_everyRole, _roles.GetValueOrDefault(role));
        }
    }

    /// <summary>Counts an event at <paramref name="path"/> (a full path; outside the template folder: not counted).</summary>
    public void Count(string path)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        lock (_gate)
        {
            if (trimmed == Tree || _roles.Count >= MaxRoles)
            {
                EveryRoleLocked();
            }
            else if (trimmed.Length > Tree.Length + 1 && trimmed[Tree.Length] == '/' && trimmed.StartsWith(Tree, StringComparison.Ordinal))
            {
                var rest = trimmed.AsSpan(Tree.Length + 1);
                var end = rest.IndexOf('/');
                _roles[(end < 0 ? rest : rest[..end]).ToString()] = Interlocked.Increment(ref s_serial);
            }
        }
    }

    /// <summary>Events may have been lost: counts one for every role.</summary>
    public void EveryRole()
    {
        lock (_gate)
        {
            EveryRoleLocked();
        }
    }

    private void EveryRoleLocked()
    {
        _everyRole = Interlocked.Increment(ref s_serial);
        _roles.Clear();
    }
}
