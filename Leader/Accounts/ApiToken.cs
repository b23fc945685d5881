using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Leader.Accounts;

/// <summary>
/// An operator API token: <c>pbt_{id}_{secret}</c>, the id 16 hex digits (public: listed, revoked by), the secret 256
/// random bits in base64url. Only the SHA-256 of the whole token is stored; comparing it is constant-time.
/// </summary>
public static class ApiToken
{
    public const string Prefix = "pbt_";
    private const int IdLength = 16;

    /// <summary>A new token and the record to store (the token is shown once, then only its hash exists).</summary>
    public static (string Token, ApiTokenRecord Record) Create(string? label, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var token = Prefix + id + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, new ApiTokenRecord { Id = id, Label = label, Created = Time.Text(now), Sha256 = Digest(token) });
    }

    /// <summary>The id a presented token claims, or null when it is not shaped like a token.</summary>
    public static string? IdOf(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        return presented.StartsWith(Prefix, StringComparison.Ordinal) && presented.Length > Prefix.Length + IdLength + 1
            && presented[Prefix.Length + IdLength] == '_' && IsId(presented.Substring(Prefix.Length, IdLength))
            ? presented.Substring(Prefix.Length, IdLength)
            : null;
    }

    public static bool IsId(string? id) => id is { Length: IdLength } && id.All(char.IsAsciiHexDigitLower);

    public static bool IsDigest(string? digest) => digest is { Length: 64 } && digest.All(char.IsAsciiHexDigitLower);

    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time comparison of a presented token with a stored digest (null compares against nothing, same cost).</summary>
    public static bool Matches(string presented, string? storedDigest)
    {
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var expected = IsDigest(storedDigest) ? Convert.FromHexString(storedDigest!) : new byte[32];
        return CryptographicOperations.FixedTimeEquals(actual, expected) && storedDigest is not null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
