using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Shared.Settings;

/// <summary>
/// The credentials PryvBus ships as samples (compose/*/config-*/conf/*.json follower keys, compose/redis/users.acl
/// passwords, the docs' examples): public, so they protect nothing. Both programs refuse them unless the operator
/// declares a demo with <c>PRYVBUS_DEMO=1</c> (<c>./pryvbus.sh platform</c> does).
/// </summary>
public static class SampleCredentials
{
    public const string DemoVariable = "PRYVBUS_DEMO";

    /// <summary>Every shipped sample starts so; an operator's own value never should.</summary>
    public const string SamplePrefix = "change-me";

    /// <summary>
    /// The sample passwords of compose/redis/users.acl (that file holds their SHA-256). Every shipped sample also
    /// follows the prefix rule; a sample that did not would be listed here.
    /// </summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "change-me-leader-password",
        "change-me-ops-password",
    };


    public static bool IsSample(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        return trimmed.StartsWith(SamplePrefix, StringComparison.OrdinalIgnoreCase) || Known.Contains(trimmed);
    }

    /// <summary>
    /// The users of a Redis ACL (lines of <c>ACL LIST</c> or of an ACL file: <c>user NAME on #hash …</c>) that still
    /// accept a sample password of compose/redis/users.acl: anyone who read the repository can log in as them.
    /// </summary>
    public static IReadOnlyList<string> UsersWithSamplePassword(IEnumerable<string> aclRules)
    {
        ArgumentNullException.ThrowIfNull(aclRules);
        var users = new List<string>();
        foreach (var rule in aclRules)
        {
            var words = rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 1 && words[0] == "user"
                && words.Skip(2).Any(w => AclHashes.Known.Contains(w) || (w.StartsWith('>') && IsSample(w[1..]))))
            {
                users.Add(words[1]);
            }
        }

        return users;
    }

    /// <summary>The message of a refused sample credential (never the value itself).</summary>
    public static string Refusal =>
        $"is a sample credential shipped with PryvBus ('{SamplePrefix}…'), known to anyone: replace it with a value of your own "
        + $"(or set {DemoVariable}=1 to run a throwaway demo with the samples)";

    /// <summary>
    /// The sample passwords as a Redis ACL stores them (<c>#</c> + SHA-256 in hex, as in compose/redis/users.acl). A
    /// holder of its own: hashed on first use, so checking a credential at start does not load the crypto library.
    /// </summary>
    private static class AclHashes
    {
        public static readonly HashSet<string> Known = new(
            SampleCredentials.Known.Select(p => "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p)))), StringComparer.OrdinalIgnoreCase);
    }
}
