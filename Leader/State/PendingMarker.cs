using System.Text;
using PryvBus.Shared;

namespace PryvBus.Leader.State;

/// <summary>
/// <c>store.pending</c>: the roles a pass may have handed out serials for that <c>store.json</c> does not list yet. One
/// line (<c>prefix TAB role</c>) per role, written (no fsync) before the role's first serial of the pass, so a pass that
/// finds them after a kill takes only those roles' blocks as handed out. The pass's end, once <c>store.json</c> lists
/// its serials, rewrites the file in place to <see cref="Cleared"/>: the next pass's first line overwrites that in
/// place too, which costs a fraction of creating the file anew (its creation after a removal was ~0.1 ms of every
/// pass here). Absent or <see cref="Cleared"/>: no serial in flight. Empty, cut, or anything else (killed while
/// writing, an older leader's empty marker): it names no role it can be trusted for, and every block is taken.
/// </summary>
internal sealed class PendingMarker(string path)
{
    /// <summary>What the file holds when no pass has serials in flight: a line no role line can be.</summary>
    public const string Cleared = "#none\n";

    private const int MaxLength = 1 << 20;
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);

    /// <summary>Whether the marker at <paramref name="path"/> may name serials in flight: present and not <see cref="Cleared"/>.</summary>
    public static bool IsPending(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && (info.Length != Cleared.Length || File.ReadAllText(path) != Cleared);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

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

    /// <summary>
    /// Rewrites an existing marker to <see cref="Cleared"/>, in place (written, then cut to its length: a kill in between
    /// leaves a file that cannot tell); an absent one stays absent. One that is not the leader's own private regular file
    /// (a link, another mode, one it cannot write) is removed instead, as every marker was before: absent is cleared too,
    /// and the next pass creates it anew.
    /// </summary>
    public static void Clear(string path)
    {
        FileStream stream;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists && info.LinkTarget is null)
            {
                return;
            }

            if (info.LinkTarget is not null || info.UnixFileMode != StateFiles.PrivateFile)
            {
                File.Delete(path);
                return;
            }

            stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write });
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            File.Delete(path);
            return;
        }

        using (stream)
        {
            Rewrite(stream, Cleared);
        }
    }

    /// <summary>
    /// Names the role in the marker before any serial of it is committed: the pass's first role replaces what the file
    /// held, in place (created when absent); the others are appended.
    /// </summary>
    public void Mark(string prefix, string role)
    {
        if (_marked.Contains(role))
        {
            return;
        }

        var first = _marked.Count == 0;
        var line = $"{prefix}\t{role}\n";
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = first ? FileMode.OpenOrCreate : FileMode.Append,
            Access = FileAccess.Write,
            UnixCreateMode = StateFiles.PrivateFile,
        }))
        {
            if (first)
            {
                Rewrite(stream, line);
            }
            else
            {
                stream.Write(Encoding.UTF8.GetBytes(line));
            }
        }

        _marked.Add(role); // only once written: a role whose line failed is written again if asked again
    }

    /// <summary>Writes <paramref name="text"/> at the start, then cuts the file to its length (no block is freed or allocated).</summary>
    private static void Rewrite(FileStream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
        stream.SetLength(bytes.Length);
    }
}
