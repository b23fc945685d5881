using System.Security.Cryptography;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The sha256 of each file of the last plan, kept with its content: a file whose content is byte for byte the one hashed
/// before gets the same hash without hashing again (a compare costs far less than a sha256 with its text). Only the
/// files of the last plan are kept, and its paths in order: a version with the same paths is not sorted again.
/// </summary>
internal sealed class ContentHashes
{
    private Dictionary<string, (byte[] Content, string Sha256)> _last = new(StringComparer.Ordinal);
    private Dictionary<string, (byte[] Content, string Sha256)> _next = new(StringComparer.Ordinal);
    private string[] _order = [];

    /// <summary>The paths of <paramref name="files"/> in ordinal order.</summary>
    public string[] Order(IReadOnlyDictionary<string, byte[]> files)
    {
        if (_order.Length != files.Count || !Array.TrueForAll(_order, files.ContainsKey))
        {
            _order = [.. files.Keys.Order(StringComparer.Ordinal)];
        }

        return _order;
    }

    /// <summary>Whether the last plan had this path: its text passed the path rule then (a pure function of the text).</summary>
    public bool Planned(string path) => _last.ContainsKey(path);

    /// <summary>Starts a plan: what it hashes replaces what the last one kept once <see cref="Keep"/> is called.</summary>
    public void Begin() => _next.Clear();

    /// <summary>The lower-case hex sha256 of <paramref name="content"/>, the file at <paramref name="path"/>.</summary>
    public string Of(string path, byte[] content)
    {
        var sha = _last.TryGetValue(path, out var known) && known.Content.AsSpan().SequenceEqual(content)
            ? known.Sha256
            : Convert.ToHexStringLower(SHA256.HashData(content));
        _next[path] = (content, sha);
        return sha;
    }

    /// <summary>Keeps what this plan hashed for the next one.</summary>
    public void Keep()
    {
        (_last, _next) = (_next, _last);
        _next.Clear();
    }
}
