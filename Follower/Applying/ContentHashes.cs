using System.Security.Cryptography;

namespace PryvBus.Follower.Applying;

/// <summary>
/// What the last plan learnt of each of its paths (<see cref="KnownFile"/>): the pieces of its text, the sha256 of its
/// content kept with the content (a file whose content is byte for byte the one hashed before gets the same hash without
/// hashing again: a compare costs far less than a sha256 with its text), the stamp last recorded. Only the files of the
/// last plan are kept, and its paths in order: a version with the same paths is not sorted again.
/// </summary>
internal sealed class ContentHashes
{
    private Dictionary<string, KnownFile> _last = new(StringComparer.Ordinal);
    private Dictionary<string, KnownFile> _next = new(StringComparer.Ordinal);
    private string[] _order = [];
    private string? _root;

    /// <summary>The paths of <paramref name="files"/> in ordinal order.</summary>
    public string[] Order(IReadOnlyDictionary<string, byte[]> files)
    {
        if (_order.Length != files.Count || !Array.TrueForAll(_order, files.ContainsKey))
        {
            _order = [.. files.Keys.Order(StringComparer.Ordinal)];
        }

        return _order;
    }

    /// <summary>What the last plan (under the same <paramref name="root"/>) learnt of <paramref name="path"/>; null when it did not have it.</summary>
    public KnownFile? Known(string root, string path)
    {
        if (_root != root)
        {
            (_root, _order) = (root, []);
            _last.Clear();
            _next.Clear();
        }

        return _last.GetValueOrDefault(path);
    }

    /// <summary>Starts a plan: what it keeps replaces what the last one kept once <see cref="Keep"/> is called.</summary>
    public void Begin() => _next.Clear();

    /// <summary>The lower-case hex sha256 of <paramref name="content"/>, the file <paramref name="known"/> at <paramref name="path"/>.</summary>
    public string Of(string path, KnownFile known, byte[] content)
    {
        var sha = Hash(known, content);
        _next[path] = known;
        return sha;
    }

    /// <summary>
    /// <see cref="Of"/> for a path the last plan kept (<see cref="QuickPlanner"/>: the same paths, what was kept stays).
    /// </summary>
    public static string Hash(KnownFile known, byte[] content)
    {
        string sha;
        if (known.Hashed is { } hashed && (ReferenceEquals(hashed.Content, content) || hashed.Content.AsSpan().SequenceEqual(content)))
        {
            sha = hashed.Sha256;
        }
        else
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(content));
        }

        known.Hashed = (content, sha);
        return sha;
    }

    /// <summary>Keeps what this plan learnt for the next one.</summary>
    public void Keep()
    {
        (_last, _next) = (_next, _last);
        _next.Clear();
    }
}
