using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The per-follower signature of a version: HMAC-SHA256, keyed with the follower's symmetric key, of the UTF-8 text
/// <c>"pryvbus-version-2\n{role}\n{generation}\n{serial}\n{sha256}"</c> (numbers in decimal, sha256 in lower-case hex),
/// as lower-case hex. Binding role, generation and serial means a signed version cannot be replayed under another
/// role, another generation or another serial by someone who can write to Redis. The leading tag names the format:
/// a signature of the first format (without generation) never verifies.
/// </summary>
public static class VersionSignature
{
    public const string Format = "pryvbus-version-2";

    public static string Sign(string key, string role, long generation, long serial, string sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(sha256);

        var message = string.Create(CultureInfo.InvariantCulture, $"{Format}\n{role}\n{generation}\n{serial}\n{sha256.ToLowerInvariant()}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a signature read from Redis.</summary>
    public static bool Verify(string key, string role, long generation, long serial, string sha256, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, role, generation, serial, sha256));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
