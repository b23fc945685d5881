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

    public static string Sign(string key, string role, long generation, long serial, string sha256, string? components = null) =>
        SignDigested(key, role, generation, serial, sha256, components is null ? null : ComponentsDigest(components));

    /// <summary>
    /// <see cref="Sign"/> with the components field given by its digest (<see cref="ComponentsDigest"/>; null when the field
    /// is absent): a leader signing for many followers, or a follower whose field did not change, hashes the text once.
    /// </summary>
    public static string SignDigested(string key, string role, long generation, long serial, string sha256, string? componentsDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(sha256);

        var message = componentsDigest is null
            ? string.Create(CultureInfo.InvariantCulture, $"{Format}\n{role}\n{generation}\n{serial}\n{sha256.ToLowerInvariant()}")
            : string.Create(CultureInfo.InvariantCulture, $"{FormatWithComponents}\n{role}\n{generation}\n{serial}\n{sha256.ToLowerInvariant()}\n{componentsDigest}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>The sha256, lower-case hex, of the components field's exact UTF-8 text: what format 3 signs.</summary>
    public static string ComponentsDigest(string components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(components)));
    }

    /// <summary>Constant-time check of a signature read from Redis (<paramref name="components"/>: the meta field, null when absent).</summary>
    public static bool Verify(string key, string role, long generation, long serial, string sha256, string? signature, string? components = null) =>
        VerifyDigested(key, role, generation, serial, sha256, signature, components is null ? null : ComponentsDigest(components));

    /// <summary><see cref="Verify"/> with the components field given by its digest (null when the field is absent).</summary>
    public static bool VerifyDigested(string key, string role, long generation, long serial, string sha256, string? signature, string? componentsDigest)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(SignDigested(key, role, generation, serial, sha256, componentsDigest));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
