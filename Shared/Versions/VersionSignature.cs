using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The per-follower signature of a version: HMAC-SHA256, keyed with the follower's symmetric key, as lower-case hex, of
/// the UTF-8 text <c>"pryvbus-version-2\n{role}\n{generation}\n{serial}\n{sha256}"</c> (numbers in decimal, sha256 in
/// lower-case hex) for a version without component declarations, and of
/// <c>"pryvbus-version-3\n{role}\n{generation}\n{serial}\n{sha256}\n{componentsSha256}"</c> for one whose meta holds
/// <see cref="MetaFields.Components"/> (the sha256, lower-case hex, of that field's exact UTF-8 text). Binding role,
/// generation and serial means a signed version cannot be replayed under another role, another generation or another
/// serial by someone who can write to Redis; format 3 also binds the reload actions and checks, so a follower never takes
/// an action from an unsigned source (removing the field makes the format-3 signature fail as format 2). The leading tag
/// names the format: a signature of the first format (without generation) never verifies.
/// </summary>
public static class VersionSignature
{
    public const string Format = "pryvbus-version-2";

    public const string FormatWithComponents = "pryvbus-version-3";

    public static string Sign(string key, string role, long generation, long serial, string sha256, string? components = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(sha256);

        var message = components is null
            ? string.Create(CultureInfo.InvariantCulture, $"{Format}\n{role}\n{generation}\n{serial}\n{sha256.ToLowerInvariant()}")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{FormatWithComponents}\n{role}\n{generation}\n{serial}\n{sha256.ToLowerInvariant()}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(components)))}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a signature read from Redis (<paramref name="components"/>: the meta field, null when absent).</summary>
    public static bool Verify(string key, string role, long generation, long serial, string sha256, string? signature, string? components = null)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, role, generation, serial, sha256, components));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
