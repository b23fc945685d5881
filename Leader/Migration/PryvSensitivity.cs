using System.Text.RegularExpressions;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Which of Pryv's settings the import marks sensitive: a name ending in <c>_KEY</c>, <c>_PASSWORD</c>, <c>_SECRET</c>,
/// <c>_TOKEN(S)</c> (<c>REGISTER_ADMIN_KEY</c>, <c>INVITATION_TOKENS</c>), or a value holding a member named like a
/// credential (<c>EMAIL_SMTP_SETTINGS.auth.pass</c>). <c>PASSWORD_RESET_URL</c> is not.
/// </summary>
internal static partial class PryvSensitivity
{
    public static bool IsSensitive(string name, object? value) => SensitiveName().IsMatch(name) || HoldsCredential(value);

    private static bool HoldsCredential(object? value) => value switch
    {
        IDictionary<string, object?> obj => obj.Any(p => CredentialMember().IsMatch(p.Key) || HoldsCredential(p.Value)),
        IEnumerable<object?> items => items.Any(HoldsCredential),
        _ => false,
    };

    [GeneratedRegex("(^|_)(KEY|KEYS|PASSWORD|PASS|SECRET|SECRETS|TOKEN|TOKENS|CREDENTIALS)$")]
    private static partial Regex SensitiveName();

    [GeneratedRegex("^(pass|password|passwd|secret|token|apiKey|api_key|privateKey|private_key|credentials)$", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialMember();
}
