using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PryvBus.Shared;

namespace PryvBus.Follower.Settings;

/// <summary>
/// Loads and validates <c>config-follower.json</c>. Fails fast at start with every problem at once
/// (a <see cref="SettingsException"/> listing "file: key: problem" lines).
/// </summary>
public static partial class FollowerSettingsLoader
{
    public const string ConfigVariable = "PRYVBUS_FOLLOWER_CONFIG";
    public const string ConfRootVariable = "PRYV_CONF_ROOT";
    public const string DefaultConfigRoot = "${PRYV_CONF_ROOT}/pryv/";
    private const int MinKeyLength = 16;

    /// <summary>The settings path when no <c>--config</c> is given.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return environment(ConfigVariable) is { Length: > 0 } path
            ? path
            : Path.Combine(environment(ConfRootVariable) ?? "/", "config-follower", "conf", "config-follower.json");
    }

    public static FollowerSettings Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException([$"{path}: cannot read the settings file: {ex.Message}"]);
        }

        return Parse(json, path, environment);
    }

    public static FollowerSettings Parse(string json, string file, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        environment ??= Environment.GetEnvironmentVariable;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new SettingsException([$"{file}: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}"]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException([$"{file}: the settings must be a JSON object"]);
            }

            var errors = new List<string>();
            var settings = Read(new JsonSection(document.RootElement, file, string.Empty, errors), environment, file);
            if (errors.Count > 0 || settings is null)
            {
                throw new SettingsException(errors);
            }

            return settings;
        }
    }

    private static FollowerSettings? Read(JsonSection root, Func<string, string?> environment, string file)
    {
        var id = root.String("id", required: true);
        if (id is not null && !RedisKeys.IsValidFollowerId(id))
        {
            root.Error("id", "must be lower-case letters, digits, '-' or '_' (at most 63)");
        }

        var role = root.String("role", required: true);
        if (role is not null && !RedisKeys.IsValidRole(role))
        {
            root.Error("role", "must be lower-case letters, digits, '-' or '_' (at most 63)");
        }

        var key = root.String("key", required: true);
        if (key is not null && key.Length < MinKeyLength)
        {
            root.Error("key", string.Create(CultureInfo.InvariantCulture, $"must be at least {MinKeyLength} characters"));
        }

        var prefix = root.String("keyPrefix") ?? RedisKeys.DefaultPrefix;
        if (!RedisKeys.IsValidPrefix(prefix))
        {
            root.Error("keyPrefix", "use letters, digits, '-', '_' or '.'");
        }

        var redis = ReadRedis(root.Section("redis", required: true), environment, key, file);
        var configRoot = ReadConfigRoot(root, environment);
        var interval = root.Number("pollIntervalSeconds") ?? FollowerSettings.DefaultPollInterval.TotalSeconds;
        if (interval is < 0.05 or > 86400)
        {
            root.Error("pollIntervalSeconds", "must be between 0.05 and 86400");
        }

        var jitter = root.Number("pollJitter") ?? 0.2;
        if (jitter is < 0 or > 0.5)
        {
            root.Error("pollJitter", "must be between 0 and 0.5 (a fraction of the interval)");
        }

        var metricsPort = root.Number("metricsPort");
        if (metricsPort is not null && (metricsPort < 1 || metricsPort > 65535 || metricsPort % 1 != 0))
        {
            root.Error("metricsPort", "must be a TCP port (1-65535), or absent to serve no metrics");
        }

        var files = FileSettingsReader.Read(root.Section("files"));
        var containers = ContainerSettingsReader.Read(root.Section("containers"), out var containersValid);
        root.ReportUnknownKeys();
        if (id is null || role is null || key is null || redis is null || configRoot is null || files is null || !containersValid)
        {
            return null;
        }

        return new FollowerSettings
        {
            Id = id,
            Role = role,
            Key = key,
            KeyPrefix = prefix,
            Redis = redis,
            ConfigRoot = configRoot,
            PollInterval = TimeSpan.FromSeconds(interval),
            PollJitter = jitter,
            Files = files,
            Containers = containers,
            MetricsPort = metricsPort is null ? null : (int)metricsPort.Value,
        };
    }

    private static RedisSettings? ReadRedis(JsonSection? section, Func<string, string?> environment, string? key, string file)
    {
        if (section is null)
        {
            return null;
        }

        var configuration = section.String("configuration", required: true);
        var user = section.String("user");
        var password = section.String("password");
        if (environment(RedisSettings.PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            password = fromEnvironment;
        }

        // The leader provisions the follower's ACL user with the follower's key as its password.
        if (user is not null && password is null)
        {
            password = key;
        }

        var caCertificate = section.String("caCertificate");
        if (caCertificate is not null)
        {
            caCertificate = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/", caCertificate));
            if (!File.Exists(caCertificate))
            {
                section.Error("caCertificate", $"file '{caCertificate}' does not exist (a PEM or DER CA certificate)");
            }
        }

        section.ReportUnknownKeys();
        if (configuration is null)
        {
            return null;
        }

        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            section.Error("configuration", ex.Message);
            return null;
        }

        return new RedisSettings { Configuration = configuration, User = user, Password = password, CaCertificate = caCertificate };
    }

    private static string? ReadConfigRoot(JsonSection root, Func<string, string?> environment)
    {
        var raw = root.String("configRoot") ?? DefaultConfigRoot;
        var missing = new List<string>();
        var expanded = VariablePattern().Replace(raw, m =>
        {
            var value = environment(m.Groups[1].Value);
            if (value is null)
            {
                missing.Add(m.Groups[1].Value);
            }

            return value ?? string.Empty;
        });
        if (missing.Count > 0)
        {
            root.Error("configRoot", $"environment variable {string.Join(", ", missing)} is not set (value '{raw}')");
            return null;
        }

        if (!Path.IsPathFullyQualified(expanded))
        {
            root.Error("configRoot", $"must be an absolute path (got '{expanded}')");
            return null;
        }

        var full = Path.GetFullPath(expanded);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();
}
