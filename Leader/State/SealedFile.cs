using System.Security.Cryptography;

namespace PryvBus.Leader.State;

/// <summary>
/// The encrypted file format of the state folder and of backups: <c>PRYVBUS1</c>, a kind byte, the key id, a random
/// 96-bit nonce, the 128-bit AES-GCM tag, then the ciphertext. The magic, kind and key id are authenticated too.
/// </summary>
public static class SealedFile
{
    public const byte SecretsKind = (byte)'S';
    public const byte BackupKind = (byte)'B';

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] Magic = "PRYVBUS1"u8.ToArray();
    private static readonly int HeaderLength = Magic.Length + 1 + SealingKey.IdLength;

    public static byte[] Seal(byte kind, SealingKey key, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sealedBytes = new byte[HeaderLength + NonceLength + TagLength + plaintext.Length];
        var header = sealedBytes.AsSpan(0, HeaderLength);
        Magic.CopyTo(header);
        header[Magic.Length] = kind;
        key.Id.CopyTo(header[(Magic.Length + 1)..]);
        var nonce = sealedBytes.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key.Key, TagLength);
        gcm.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderLength + NonceLength + TagLength), sealedBytes.AsSpan(HeaderLength + NonceLength, TagLength), header);
        return sealedBytes;
    }

    /// <param name="kind">The kind expected.</param>
    /// <param name="key">The key to open it with.</param>
    /// <param name="sealedBytes">The file's content.</param>
    /// <param name="name">The file, for error messages.</param>
    /// <exception cref="StateException">Not such a file, sealed with another key, or altered.</exception>
    public static byte[] Open(byte kind, SealingKey key, ReadOnlySpan<byte> sealedBytes, string name)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (sealedBytes.Length < HeaderLength + NonceLength + TagLength || !sealedBytes[..Magic.Length].SequenceEqual(Magic)
            || sealedBytes[Magic.Length] != kind)
        {
            throw new StateException($"{name}: not a PryvBus {(kind == BackupKind ? "backup" : "state")} file");
        }

        var header = sealedBytes[..HeaderLength];
        var id = header[(Magic.Length + 1)..];
        if (!id.SequenceEqual(key.Id))
        {
            throw new StateException(
                $"{name}: encrypted with another key (key id {Convert.ToHexStringLower(id)}; the configured key from {key.Source} has id {key.IdHex}): "
                + "configure the key it was written with");
        }

        var plaintext = new byte[sealedBytes.Length - HeaderLength - NonceLength - TagLength];
        try
        {
            using var gcm = new AesGcm(key.Key, TagLength);
            gcm.Decrypt(
                sealedBytes.Slice(HeaderLength, NonceLength),
                sealedBytes[(HeaderLength + NonceLength + TagLength)..],
                sealedBytes.Slice(HeaderLength + NonceLength, TagLength),
                plaintext,
                header);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new StateException($"{name}: corrupted or altered (authentication failed)", ex);
        }

        return plaintext;
    }
}
