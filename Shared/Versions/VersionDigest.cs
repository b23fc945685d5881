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
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(secretFiles);

        var paths = new string[files.Count];
        var length = 0L;
        var i = 0;
        foreach (var (path, content) in files)
        {
            paths[i++] = path;
            length += Encoding.UTF8.GetByteCount(path) + HeaderLength + content.LongLength;
        }

        Array.Sort(paths, StringComparer.Ordinal);
        if (length > OneBufferLimit)
        {
            return Incremental(files, secretFiles, paths);
        }

        // The canonical bytes laid out once and hashed in one call: one pass into the crypto library, not three per file.
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var at = 0;
            foreach (var path in paths)
            {
                var content = files[path];
                at += Encoding.UTF8.GetBytes(path, buffer.AsSpan(at));
                Header(buffer.AsSpan(at, HeaderLength), secretFiles.Contains(path), content.LongLength);
                at += HeaderLength;
                content.CopyTo(buffer.AsSpan(at));
                at += content.Length;
            }

            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, at)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true); // secret files' bytes are not left in the shared pool
        }
    }

    /// <summary>The same digest, for a large version, without a copy.</summary>
    private static string Incremental(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, string[] paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[HeaderLength];
        foreach (var path in paths)
        {
            var content = files[path];
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
