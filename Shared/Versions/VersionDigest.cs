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
    public static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(secretFiles);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[10];
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
        {
            var content = files[path];
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            header[0] = 0;
            header[1] = secretFiles.Contains(path) ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64BigEndian(header[2..], content.LongLength);
            hash.AppendData(header);
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
