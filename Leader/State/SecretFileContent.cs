using System.Text.Json;

namespace PryvBus.Leader.State;

/// <summary>The JSON sealed in <c>secrets.enc</c>: <c>{ "format": 1, "secrets": { scope: { NAME: { value, retired } } } }</c>.</summary>
internal sealed class SecretFileContent
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public Dictionary<string, Dictionary<string, SecretEntry>> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reads and checks the decrypted content (authenticated, but checked all the same).</summary>
    public static Dictionary<string, Dictionary<string, SecretEntry>> Parse(byte[] plaintext, string name)
    {
        SecretFileContent? content;
        try
        {
            content = JsonSerializer.Deserialize(plaintext, StateWebJsonContext.Default.SecretFileContent);
        }
        catch (JsonException ex)
        {
            throw new StateException($"{name}: unreadable content ({ex.Message})", ex);
        }

        if (content is null || content.Format != CurrentFormat)
        {
            throw new StateException($"{name}: unknown format {content?.Format} (this leader reads format {CurrentFormat})");
        }

        var result = new Dictionary<string, Dictionary<string, SecretEntry>>(StringComparer.Ordinal);
        foreach (var (scope, secrets) in content.Secrets ?? [])
        {
            if (!SecretScopes.IsValid(scope) || secrets is null)
            {
                throw new StateException($"{name}: '{scope}' is not a secret scope");
            }

            var entries = new Dictionary<string, SecretEntry>(StringComparer.Ordinal);
            foreach (var (secret, entry) in secrets)
            {
                if (!SecretScopes.IsName(secret) || entry?.Value is null)
                {
                    throw new StateException($"{name}: scope {scope} holds an invalid secret entry");
                }

                entry.Retired = [.. (entry.Retired ?? []).OfType<string>()];
                entries[secret] = entry;
            }

            result[scope] = entries;
        }

        return result;
    }
}
