using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Versions;

/// <summary>The canonical bytes of a version, laid out in one buffer or hashed piece by piece, and their bound.</summary>
public static partial class VersionDigest
{
    private static long Bound(IReadOnlyDictionary<string, byte[]> files)
    {
        var bound = 0L;
        foreach (var (path, content) in files)
        {
            bound += (path.Length * 3L) + HeaderLength + content.LongLength;
        }

        return bound;
    }

    /// <summary>The bound of <paramref name="order"/> with <paramref name="inOrder"/>; -1 when a content is missing.</summary>
    private static long Bound(string[] order, byte[][] inOrder)
    {
        var bound = 0L;
        for (var i = 0; i < inOrder.Length; i++)
        {
            if (inOrder[i] is not { } content)
            {
                return -1;
            }

            bound += (order[i].Length * 3L) + HeaderLength + content.LongLength;
        }

        return bound;
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
    private static int Layout(
        IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, string[] order, byte[] buffer, byte[][]? contents, byte[][]? inOrder)
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
            byte[]? content = null;
            if ((i > 0 && string.CompareOrdinal(order[i - 1], path) >= 0) || (content = inOrder?[i]) is null && !files.TryGetValue(path, out content))
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
