namespace PryvBus.Leader.Watching;

/// <summary>
/// The file watch's events counted by the role whose folder they are in (the template folder's child they are under):
/// each event gets the next serial, and a role's stamp is the serial of the last event that may have changed its folder.
/// An event on the template folder itself (a role folder added, removed or renamed is an event in it for that name; the
/// folder's own) or lost events count for every role, as does any event once more names than
/// <see cref="MaxRoles"/> were counted (the names are the template folder's, written by anyone who can write there).
/// </summary>
/// <param name="tree">The watched template folder's full path.</param>
internal sealed class RoleEvents(string tree)
{
    private const int MaxRoles = 4096;
    private readonly string _tree = Path.TrimEndingDirectorySeparator(tree);
    private readonly Dictionary<string, long> _roles = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _serial;
    private long _everyRole;

    /// <summary>The serial of the last event that may have changed <paramref name="role"/>'s folder; 0 before any.</summary>
    public long Stamp(string role)
    {
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
            if (trimmed == _tree || _roles.Count >= MaxRoles)
            {
                EveryRoleLocked();
            }
            else if (trimmed.Length > _tree.Length + 1 && trimmed[_tree.Length] == '/' && trimmed.StartsWith(_tree, StringComparison.Ordinal))
            {
                var rest = trimmed.AsSpan(_tree.Length + 1);
                var end = rest.IndexOf('/');
                _roles[(end < 0 ? rest : rest[..end]).ToString()] = ++_serial;
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
        _everyRole = ++_serial;
        _roles.Clear();
    }
}
