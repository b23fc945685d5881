using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The canonical sha256 of a version: files in ordinal path order, each as
/// UTF-8 path, NUL, secret flag (one byte), content length (8 bytes, big-endian), content.
/// The flag makes the digest cover which files the follower must protect as secret.
/// </summary>
public static class VersionDigest
{
    private const int HeaderLength = 10;

    /// <summary>Above this many canonical bytes, the version is hashed piece by piece instead of copied into one buffer.</summary>
    private const int OneBufferLimit = 4 * 1024 * 1024;

    public static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles)
    {
        string[]? order = null;
        return Compute(files, secretFiles, ref order);
    }

    /// <summary>
    /// The same digest with the paths' order given: <paramref name="order"/> is used when it holds exactly the paths of
    /// <paramref name="files"/> in strictly ascending ordinal order (checked while the bytes are laid out, without
    /// sorting: a version put together from one with the same paths has its order); otherwise it is replaced by the
    /// sorted paths.
    /// </summary>
    public static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order) =>
        Compute(files, secretFiles, ref order, null);

    /// <summary>
    /// The same, with the content of each path of <paramref name="order"/> (same index) as it was hashed: a reader of
    /// the version in that order needs no lookup by path.
    /// </summary>
    public static string Compute(
        IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order, out byte[][] contents)
    {
        ArgumentNullException.ThrowIfNull(files);
        contents = new byte[files.Count][];
        return Compute(files, secretFiles, ref order, contents);
    }

    private static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order, byte[][]? contents)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(secretFiles);

        // An upper bound of the canonical bytes (UTF-8 takes at most 3 bytes per UTF-16 char), without a lookup.
        var bound = 0L;
        foreach (var (path, content) in files)
        {
            bound += (path.Length * 3L) + HeaderLength + content.LongLength;
        }

        if (bound > OneBufferLimit)
        {
            order = Sorted(files);
            return Incremental(files, secretFiles, order, contents);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)bound);
        var at = -1;
        try
        {
            // A hint is taken only where a path's lookup is its exact text (an ordinal dictionary).
            if (order is null || !Ordinal(files) || (at = Layout(files, secretFiles, order, buffer, contents)) < 0)
            {
                order = Sorted(files);
                at = Layout(files, secretFiles, order, buffer, contents);
            }

            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, at)));
        }
        finally
        {
            // Secret files' bytes are not left in the shared pool (all of what may have been written when cut short).
            buffer.AsSpan(0, at >= 0 ? at : (int)bound).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Ordinal(IReadOnlyDictionary<string, byte[]> files) =>
        files is Dictionary<string, byte[]> { Comparer: var comparer }
        && (ReferenceEquals(comparer, StringComparer.Ordinal) || ReferenceEquals(comparer, EqualityComparer<string>.Default));

    private static string[] Sorted(IReadOnlyDictionary<string, byte[]> files)
    {
        string[] paths = [.. files.Keys];
        Array.Sort(paths, StringComparer.Ordinal);
        return paths;
    }

    /// <summary>
    /// The canonical bytes laid out once in <paramref name="buffer"/> (to be hashed in one call: one pass into the crypto
    /// library, not three per file); their length, or -1 when <paramref name="order"/> is not exactly the sorted paths
    /// of <paramref name="files"/> (what was written is left for the caller to clear).
    /// </summary>
    private static int Layout(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, string[] order, byte[] buffer, byte[][]? contents)
    {
        if (order.Length != files.Count)
        {
            return -1;
        }

        var at = 0;
        var anySecret = secretFiles.Count > 0;
        for (var i = 0; i < order.Length; i++)
        {
            var path = order[i];
            if ((i > 0 && string.CompareOrdinal(order[i - 1], path) >= 0) || !files.TryGetValue(path, out var content))
            {
                buffer.AsSpan(0, at).Clear();
                return -1;
            }

            if (contents is not null)
            {
                contents[i] = content;
            }

            at += Encoding.UTF8.GetBytes(path, buffer.AsSpan(at));
            Header(buffer.AsSpan(at, HeaderLength), anySecret && secretFiles.Contains(path), content.LongLength);
            at += HeaderLength;
            content.CopyTo(buffer.AsSpan(at));
            at += content.Length;
        }

        return at;
    }

    /// <summary>The same digest, for a large version, without a copy.</summary>
    private static string Incremental(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, string[] paths, byte[][]? contents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[HeaderLength];
        for (var i = 0; i < paths.Length; i++)
        {
            var path = paths[i];
            var content = files[path];
            if (contents is not null)
            {
                contents[i] = content;
            }

            hash.AppendData(Encoding.UTF8.GetBytes(path));
            Header(header, secretFiles.Contains(path), content.LongLength);
            hash.AppendData(header);
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Header(Span<byte> header, bool secret, long length)
    {
        header[0] = 0;
        header[1] = secret ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(header[2..], length);
    }
}
