using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The per-follower signature of a version: HMAC-SHA256, keyed with the follower's symmetric key,
/// of <c>"{role}\n{serial}\n{sha256}"</c>. Binding role and serial means a signed version cannot be
/// replayed under another role or an older/newer serial by someone who can write to Redis.
/// </summary>
public static class VersionSignature
{
    public static string Sign(string key, string role, long serial, string sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(sha256);

        var message = string.Create(CultureInfo.InvariantCulture, $"{role}\n{serial}\n{sha256}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a signature read from Redis.</summary>
    public static bool Verify(string key, string role, long serial, string sha256, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, role, serial, sha256));
        var actual = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
