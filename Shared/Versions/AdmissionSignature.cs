using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The per-follower signature of an admission: HMAC-SHA256 keyed with the follower's key (the same key as its version
/// signatures), lower-case hex, of <c>"pryvbus-admission-1\n{role}\n{generation}\n{serial}\n{followerId}\n{followers}"</c>
/// where <c>followers</c> is the exact field text. The tag keeps it apart from a version signature; role, generation,
/// serial, the follower and the whole admitted set are bound, so an admission cannot be replayed under another role,
/// generation, serial or follower, nor its set edited, by someone who can write to Redis.
/// </summary>
public static class AdmissionSignature
{
    public const string Format = "pryvbus-admission-1";

    public static string Sign(string key, string role, long generation, long serial, string followerId, string followers)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(followerId);
        ArgumentNullException.ThrowIfNull(followers);
        var message = string.Create(CultureInfo.InvariantCulture, $"{Format}\n{role}\n{generation}\n{serial}\n{followerId}\n{followers}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>Constant-time check of a signature read from Redis.</summary>
    public static bool Verify(string key, string role, long generation, long serial, string followerId, string followers, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, role, generation, serial, followerId, followers));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>The canonical followers field: distinct ids, sorted ordinal, comma-separated.</summary>
    public static string FollowersText(IEnumerable<string> ids) =>
        string.Join(',', ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
