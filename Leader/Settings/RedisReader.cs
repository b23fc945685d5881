using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads <c>"redis": { "configuration": "host:port", "user": …, "password": …, "caCertificate": … }</c>;
/// <c>PRYVBUS_REDIS_PASSWORD</c> overrides the password and is checked like it.
/// </summary>
internal static class RedisReader
{
    public const string DefaultConfiguration = "127.0.0.1:6379";

    /// <summary>The last configuration text checked and what its parse said (null: valid): a reload of the same text parses nothing.</summary>
    private static Tuple<string, string?>? _lastParsed;

    public static RedisSettings Read(SettingsSection root, string configDirectory)
    {
        var redis = root.Section("redis", "{ \"configuration\": \"host:port\", \"user\": …, \"password\": … }");
        var fromEnvironment = root.Document.CredentialVariable(RedisSettings.PasswordVariable, 1);
        if (redis is null)
        {
            return new RedisSettings(DefaultConfiguration, null, fromEnvironment);
        }

        var configuration = redis.Text("configuration") ?? DefaultConfiguration;
        if (RedisConfigurationText.CredentialError(configuration) is { } credential)
        {
            redis.Error("configuration", credential);
        }

        if (ParseError(configuration) is { } parseError)
        {
            redis.Error("configuration", parseError);
        }

        var caCertificate = redis.Text("caCertificate");
        if (caCertificate is not null)
        {
            caCertificate = caCertificate.Any(char.IsControl) ? caCertificate : Path.GetFullPath(Path.Combine(configDirectory, caCertificate));
            if (!File.Exists(caCertificate))
            {
                redis.Error("caCertificate", $"file '{caCertificate}' does not exist (a PEM or DER CA certificate)");
            }
        }

        var user = redis.Text("user");
        var password = redis.Credential("password", 1);
        return new RedisSettings(configuration, user, fromEnvironment ?? password, caCertificate);
    }

    /// <summary>Why the client would refuse the configuration text; null when it parses. A pure function of the text.</summary>
    private static string? ParseError(string configuration)
    {
        if (_lastParsed is { } last && last.Item1 == configuration)
        {
            return last.Item2;
        }

        string? error = null;
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            error = FirstSentence(ex.Message);
        }

        _lastParsed = Tuple.Create(configuration, error);
        return error;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
