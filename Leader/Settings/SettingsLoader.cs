using System.Text.Json;
using System.Text.RegularExpressions;
using PryvBus.Shared;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads and validates config-leader.json, collecting every problem (file and key) before failing,
/// so an operator fixes them all in one go.
/// </summary>
public static partial class SettingsLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Names a template cannot use for a platform value: Scriban's built-ins and our <c>secret</c> function.</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "secret", "array", "date", "html", "math", "object", "regex", "string", "timespan",
        "empty", "blank", "null", "true", "false", "this", "include", "func", "ret", "end",
    };

    /// <exception cref="SettingsException">Every problem found.</exception>
    public static LeaderSettings Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var name = Path.GetFileName(fullPath);

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{fullPath}: cannot read: {ex.Message}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"{name}:{ex.LineNumber + 1}:{ex.BytePositionInLine + 1}: invalid JSON: {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            var errors = new SettingsErrors(name);
            var settings = Read(document.RootElement, fullPath, errors);
            if (errors.Count > 0 || settings is null)
            {
                throw new SettingsException(errors.All);
            }

            return settings;
        }
    }

    private static LeaderSettings? Read(JsonElement root, string fullPath, SettingsErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("(root)", "must be a JSON object");
            return null;
        }

        var configDirectory = Path.GetDirectoryName(fullPath)!;
        var redis = ReadRedis(root, errors, configDirectory);
        var prefix = OptionalString(root, "keyPrefix", errors) ?? RedisKeys.DefaultPrefix;
        if (!RedisKeys.IsValidPrefix(prefix))
        {
            errors.Add("keyPrefix", $"'{prefix}' is not a valid prefix (letters, digits, '.', '-', '_')");
        }

        var templates = Path.GetFullPath(Path.Combine(configDirectory, OptionalString(root, "templatesPath", errors) ?? "../data"));
        if (!Directory.Exists(templates))
        {
            errors.Add("templatesPath", $"folder '{templates}' does not exist");
        }

        var state = Path.GetFullPath(Path.Combine(configDirectory, OptionalString(root, "stateDirectory", errors) ?? "../state"));

        var history = OptionalInt(root, "historyLength", errors) ?? LeaderSettings.DefaultHistoryLength;
        if (history is < 1 or > 10_000)
        {
            errors.Add("historyLength", $"must be between 1 and 10000, not {history}");
        }

        var debounce = OptionalInt(root, "watchDebounceMs", errors) ?? 500;
        if (debounce is < 10 or > 60_000)
        {
            errors.Add("watchDebounceMs", $"must be between 10 and 60000, not {debounce}");
        }

        var check = OptionalInt(root, "checkIntervalSeconds", errors) ?? 30;
        if (check is < 1 or > 86_400)
        {
            errors.Add("checkIntervalSeconds", $"must be between 1 and 86400, not {check}");
        }

        var settings = new LeaderSettings
        {
            ConfigPath = fullPath,
            Redis = redis,
            KeyPrefix = prefix,
            TemplatesPath = templates,
            HistoryLength = history,
            StateDirectory = state,
            Platform = PlatformReader.Read(root, errors, ReservedNames),
            Secrets = SecretsReader.Read(root, errors),
            Followers = [],
            Http = HttpReader.Read(root, errors),
            Watch = OptionalBool(root, "watch", errors) ?? true,
            WatchDebounce = TimeSpan.FromMilliseconds(debounce),
            CheckInterval = TimeSpan.FromSeconds(check),
            Acl = AclReader.Read(root, errors),
        };
        return settings with { Followers = FollowersReader.Read(root, errors, settings.Roles()) };
    }

    private static RedisSettings ReadRedis(JsonElement root, SettingsErrors errors, string configDirectory)
    {
        if (!root.TryGetProperty("redis", out var redis))
        {
            return new RedisSettings("127.0.0.1:6379", null, null);
        }

        if (redis.ValueKind != JsonValueKind.Object)
        {
            errors.Add("redis", "must be an object: { \"configuration\": \"host:port\", \"user\": …, \"password\": … }");
            return new RedisSettings("127.0.0.1:6379", null, null);
        }

        var configuration = OptionalString(redis, "configuration", errors, "redis.") ?? "127.0.0.1:6379";
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            errors.Add("redis.configuration", FirstSentence(ex.Message));
        }

        var caCertificate = OptionalString(redis, "caCertificate", errors, "redis.");
        if (caCertificate is not null)
        {
            caCertificate = Path.GetFullPath(Path.Combine(configDirectory, caCertificate));
            if (!File.Exists(caCertificate))
            {
                errors.Add("redis.caCertificate", $"file '{caCertificate}' does not exist (a PEM or DER CA certificate)");
            }
        }

        return new RedisSettings(
            configuration,
            OptionalString(redis, "user", errors, "redis."),
            OptionalString(redis, "password", errors, "redis."),
            caCertificate);
    }

    internal static string? OptionalString(JsonElement parent, string name, SettingsErrors errors, string keyPrefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(keyPrefix + name, $"must be a string, not {Kind(value)}");
            return null;
        }

        return value.GetString();
    }

    internal static int? OptionalInt(JsonElement parent, string name, SettingsErrors errors, string keyPrefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            errors.Add(keyPrefix + name, $"must be a whole number, not {Kind(value)}");
            return null;
        }

        return number;
    }

    private static bool? OptionalBool(JsonElement parent, string name, SettingsErrors errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(name, $"must be true or false, not {Kind(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    internal static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    internal static bool IsIdentifier(string name) => IdentifierPattern().IsMatch(name);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex IdentifierPattern();
}
