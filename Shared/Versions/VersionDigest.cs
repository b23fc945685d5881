using System.Buffers;
using System.Buffers.Binary;
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
    /// <paramref name="files"/> in strictly ascending ordinal order (checked in one pass, without sorting: a version put
    /// together from one with the same paths has its order); otherwise it is replaced by the sorted paths.
    /// </summary>
    public static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, ref string[]? order)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(secretFiles);

        var contents = ArrayPool<byte[]>.Shared.Rent(files.Count);
        try
        {
            if (order is null || !Lookup(files, order, contents))
            {
                order = [.. files.Keys];
                Array.Sort(order, StringComparer.Ordinal);
                _ = Lookup(files, order, contents);
            }

            // An upper bound first (UTF-8 takes at most 3 bytes per UTF-16 char): counted exactly only near the limit.
            var length = 0L;
            for (var i = 0; i < order.Length; i++)
            {
                length += (order[i].Length * 3L) + HeaderLength + contents[i].LongLength;
            }

            if (length > OneBufferLimit && (length = Length(order, contents)) > OneBufferLimit)
            {
                return Incremental(order, contents, secretFiles);
            }

            return OneBuffer(order, contents, secretFiles, (int)length);
        }
        finally
        {
            Array.Clear(contents, 0, files.Count); // the shared pool keeps no reference to the version's files
            ArrayPool<byte[]>.Shared.Return(contents);
        }
    }

    /// <summary>The contents of <paramref name="order"/>'s paths; false when it is not exactly the sorted paths of <paramref name="files"/>.</summary>
    private static bool Lookup(IReadOnlyDictionary<string, byte[]> files, string[] order, byte[][] contents)
    {
        if (order.Length != files.Count)
        {
            return false;
        }

        for (var i = 0; i < order.Length; i++)
        {
            if ((i > 0 && string.CompareOrdinal(order[i - 1], order[i]) >= 0) || !files.TryGetValue(order[i], out var content))
            {
                return false;
            }

            contents[i] = content;
        }

        return true;
    }

    private static long Length(string[] order, byte[][] contents)
    {
        var length = 0L;
        for (var i = 0; i < order.Length; i++)
        {
            length += Encoding.UTF8.GetByteCount(order[i]) + HeaderLength + contents[i].LongLength;
        }

        return length;
    }

    /// <summary>The canonical bytes laid out once and hashed in one call: one pass into the crypto library, not three per file.</summary>
    private static string OneBuffer(string[] order, byte[][] contents, IReadOnlySet<string> secretFiles, int bound)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            var at = 0;
            var anySecret = secretFiles.Count > 0;
            for (var i = 0; i < order.Length; i++)
            {
                var content = contents[i];
                at += Encoding.UTF8.GetBytes(order[i], buffer.AsSpan(at));
                Header(buffer.AsSpan(at, HeaderLength), anySecret && secretFiles.Contains(order[i]), content.LongLength);
                at += HeaderLength;
                content.CopyTo(buffer.AsSpan(at));
                at += content.Length;
            }

            var sha = Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, at)));
            buffer.AsSpan(0, at).Clear(); // secret files' bytes are not left in the shared pool
            return sha;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The same digest, for a large version, without a copy.</summary>
    private static string Incremental(string[] order, byte[][] contents, IReadOnlySet<string> secretFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[HeaderLength];
        for (var i = 0; i < order.Length; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(order[i]));
            Header(header, secretFiles.Contains(order[i]), contents[i].LongLength);
            hash.AppendData(header);
            hash.AppendData(contents[i]);
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
