using System.Text;
using PryvBus.Shared;

namespace PryvBus.Leader.State;

/// <summary>
/// <c>store.pending</c>: present while a pass may have handed out serials that <c>store.json</c> does not list yet. One
/// line (<c>prefix TAB role</c>) per role, written (no fsync) before the role's first serial of the pass, so a pass that
/// finds it after a kill takes only those roles' blocks as handed out. An empty or unreadable marker (killed while
/// writing, an older leader's) names no role it can trust: every block is taken as handed out.
/// </summary>
internal sealed class PendingMarker(string path)
{
    private const int MaxLength = 1 << 20;
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);

    /// <summary>Whether this pass marked any role.</summary>
    public bool Any => _marked.Count > 0;

    /// <summary>The roles a marker left behind names; null when it cannot tell (empty, unreadable, or not exactly such lines).</summary>
    public static IReadOnlySet<(string Prefix, string Role)>? ReadRoles(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length is 0 or > MaxLength)
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
            if (!text.EndsWith('\n'))
            {
                return null;
            }

            var roles = new HashSet<(string, string)>();
            foreach (var line in text[..^1].Split('\n'))
            {
                var parts = line.Split('\t');
                if (parts.Length != 2 || !RedisKeys.IsValidPrefix(parts[0]) || !RedisKeys.IsValidRole(parts[1]))
                {
                    return null;
                }

                roles.Add((parts[0], parts[1]));
            }

            return roles;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Names the role in the marker (created by the pass's first one) before any serial of it is committed.</summary>
    public void Mark(string prefix, string role)
    {
        if (!_marked.Add(role))
        {
            return;
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = _marked.Count == 1 ? FileMode.Create : FileMode.Append,
            Access = FileAccess.Write,
            UnixCreateMode = StateFiles.PrivateFile,
        });
        stream.Write(Encoding.UTF8.GetBytes($"{prefix}\t{role}\n"));
    }
}
