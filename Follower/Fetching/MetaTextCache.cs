using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Fetching;

/// <summary>
/// What the verifier made of the two meta fields that seldom change between versions, kept with their exact text: the
/// secret files' set (<see cref="SecretFilesField.Parse"/>), and the components parsed (<see cref="ComponentsField.Read"/>)
/// with the digest their signature covers (<see cref="VersionSignature.ComponentsDigest"/>). Each is a pure function of
/// the text: the same text is compared, not parsed or hashed again. What depends on the version (every secret path a file
/// of it, the signature itself) is checked every time by the caller. A text that does not parse is never kept; one that
/// parses is kept even when its version is then refused (what is kept depends on the text alone). One entry per field,
/// replaced whole (one reference): safe to share between threads; the sets and maps handed out are never changed.
/// </summary>
internal sealed class MetaTextCache
{
    private Tuple<string, HashSet<string>>? _secretFiles;
    private Tuple<string, IReadOnlyDictionary<string, ComponentSpec>, string>? _components;

    /// <summary>The secret paths the field names, or null with the problem (the field absent or not an array of paths).</summary>
    public IReadOnlySet<string>? SecretFiles(string? text, out string? problem)
    {
        if (text is not null && _secretFiles is { } last && string.Equals(last.Item1, text, StringComparison.Ordinal))
        {
            problem = null;
            return last.Item2;
        }

        var read = SecretFilesField.Parse(text, out problem);
        if (read is not null)
        {
            _secretFiles = Tuple.Create(text!, read);
        }

        return read;
    }

    /// <summary>
    /// The declarations and the digest of their text (null when the field is absent: nothing declared), or null with the
    /// problem naming what is refused.
    /// </summary>
    public (IReadOnlyDictionary<string, ComponentSpec> Specs, string? Digest)? Components(string? text, out string? problem)
    {
        if (text is not null && _components is { } last && string.Equals(last.Item1, text, StringComparison.Ordinal))
        {
            problem = null;
            return (last.Item2, last.Item3);
        }

        if (ComponentsField.Read(text, out problem) is not { } read)
        {
            return null;
        }

        if (text is null)
        {
            return (read, null);
        }

        var digest = VersionSignature.ComponentsDigest(text);
        _components = Tuple.Create(text, read, digest);
        return (read, digest);
    }
}
