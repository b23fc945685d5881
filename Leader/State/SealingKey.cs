using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Leader.State;

/// <summary>
/// A 256-bit AES-GCM key for one purpose (the state's secrets, or backups), derived with HKDF-SHA256 from the configured
/// key, and a short public id of it (also derived, so it reveals nothing) that tells "another key" from "corrupted".
/// </summary>
public sealed class SealingKey
{
    public const int IdLength = 8;

    private SealingKey(byte[] key, byte[] id, string source)
    {
        Key = key;
        Id = id;
        Source = source;
    }

    internal byte[] Key { get; }

    internal byte[] Id { get; }

    /// <summary>Where the key came from (a variable name or a file path, never the key).</summary>
    public string Source { get; }

    public string IdHex => Convert.ToHexStringLower(Id);

    /// <summary>HMAC-SHA256 of <paramref name="data"/> with this key (the audit chain's link).</summary>
    public byte[] Mac(ReadOnlySpan<byte> data) => HMACSHA256.HashData(Key, data);

    public static SealingKey Derive(ReadOnlySpan<byte> material, string purpose, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var key = new byte[32];
        var id = new byte[IdLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, key, [], Encoding.UTF8.GetBytes("pryvbus " + purpose));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, id, [], Encoding.UTF8.GetBytes("pryvbus key id " + purpose));
        return new SealingKey(key, id, source);
    }
}
