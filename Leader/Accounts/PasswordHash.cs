using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Leader.Accounts;

/// <summary>
/// Operators' password hashes: PBKDF2-HMAC-SHA256 with a per-user 128-bit salt, stored as
/// <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64). The format names its algorithm and parameters, so a later
/// version can raise the cost and still verify old hashes. Verification runs the same work for a malformed or missing
/// hash (<see cref="Verify"/> with null), so an unknown user costs what a known one does.
/// </summary>
public static class PasswordHash
{
    public const string Scheme = "pbkdf2-sha256";
    public const int Iterations = 600_000;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 1024;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A hash verified when the user is unknown: the same cost, never a match.</summary>
    private static readonly string Dummy = Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    public static string Create(string password) => Create(password, Iterations);

    /// <summary>A new hash with a fresh salt; tests may lower <paramref name="iterations"/> (the format records it).</summary>
    public static string Create(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Why a password is refused (null when acceptable); never quotes it.</summary>
    public static string? Weakness(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length < MinPasswordLength ? $"the password is shorter than {MinPasswordLength} characters"
            : password.Length > MaxPasswordLength ? $"the password is longer than {MaxPasswordLength} characters"
            : null;
    }

    /// <summary>True when the format is one this version reads (checked when the users file is read).</summary>
    public static bool IsWellFormed(string? encoded) => Parse(encoded) is not null;

    /// <summary>True when <paramref name="password"/> matches; the work is the same for a null or malformed hash.</summary>
    public static bool Verify(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parsed = Parse(encoded);
        var (iterations, salt, expected) = parsed ?? Parse(Dummy)!.Value;
        var actual = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password.Length > MaxPasswordLength ? password[..MaxPasswordLength] : password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && parsed is not null;
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string? encoded)
    {
        var parts = encoded?.Split('$');
        if (parts is not [Scheme, var count, var salt, var hash]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000)
        {
            return null;
        }

        try
        {
            var saltBytes = Convert.FromBase64String(salt);
            var hashBytes = Convert.FromBase64String(hash);
            return saltBytes.Length >= 8 && hashBytes.Length is >= 16 and <= 64 ? (iterations, saltBytes, hashBytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
