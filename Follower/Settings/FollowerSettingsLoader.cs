using System.Text.RegularExpressions;
using PryvBus.Shared;
using PryvBus.Shared.Settings;

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

    /// <exception cref="SettingsException">Every problem found.</exception>
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

        return Parse(json, path, environment is null ? SettingsEnvironment.Process : SettingsEnvironment.From(environment), onDisk: true);
    }

    public static FollowerSettings Parse(string json, string file, Func<string, string?>? environment = null) =>
        Parse(json, file, environment is null ? SettingsEnvironment.Process : SettingsEnvironment.From(environment));

    /// <exception cref="SettingsException">Every problem found; no other exception for any text.</exception>
    public static FollowerSettings Parse(string json, string file, SettingsEnvironment environment) => Parse(json, file, environment, onDisk: false);

    /// <param name="onDisk">The text was read from <paramref name="file"/>: its mode is looked at.</param>
    private static FollowerSettings Parse(string json, string file, SettingsEnvironment environment, bool onDisk)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(environment);
        using var document = SettingsDocument.Parse(json, file, environment);
        var settings = document.Root is { } root ? Read(root, file, onDisk ? Path.GetFullPath(file) : null) : null;
        var errors = document.Complete();
        if (errors.Count > 0 || settings is null)
        {
            throw new SettingsException(errors);
        }

        return settings;
    }

    /// <param name="fullPath">The file's full path when the text was read from it; null for text alone.</param>
    private static FollowerSettings? Read(SettingsSection root, string file, string? fullPath)
    {
        var id = root.Text("id", required: true);
        if (id is not null && !RedisKeys.IsValidFollowerId(id))
        {
            root.Error("id", "must be lower-case letters, digits, '-' or '_' (at most 63)");
        }

        var role = root.Text("role", required: true);
        if (role is not null && !RedisKeys.IsValidRole(role))
        {
            root.Error("role", "must be lower-case letters, digits, '-' or '_' (at most 63)");
        }

        var key = root.Credential("key", MinKeyLength, required: true);
        var prefix = root.Text("keyPrefix") ?? RedisKeys.DefaultPrefix;
        if (!RedisKeys.IsValidPrefix(prefix))
        {
            root.Error("keyPrefix", "use letters, digits, '-', '_' or '.'");
        }

        var redis = FollowerRedisReader.Read(root, key, file);
        var configRoot = ReadConfigRoot(root);
        var interval = root.Number("pollIntervalSeconds", 0.05, 86_400) ?? FollowerSettings.DefaultPollInterval.TotalSeconds;
        var jitter = root.Number("pollJitter", 0, 0.5) ?? 0.2;
        var metricsPort = root.WholeNumber("metricsPort", 1, 65_535);
        var requireAdmission = root.Flag("requireAdmission") ?? false;
        var files = FileSettingsReader.Read(root.Section("files", "{ owner, group, mode, secretMode, directoryMode }"));
        var containers = ContainerSettingsReader.Read(root.Section("containers", "{ enabled, composeProject, names, … }"), out var containersValid);
        var composePolicy = ComposePolicySettingsReader.Read(root);
        if (id is null || role is null || key is null || redis is null || configRoot is null || files is null || !containersValid || composePolicy is null)
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
            ComposePolicy = composePolicy,
            MetricsPort = metricsPort,
            RequireAdmission = requireAdmission,
            SampleCredentials = [.. root.Document.SampleCredentials],
            ConfigPath = fullPath,
            CredentialsInFile = [.. root.Document.CredentialsInFile],
            OpenFileMode = fullPath is null ? null : CredentialFileMode.OpenSettingsMode(fullPath, root.Document.CredentialsInFile.Count),
        };
    }

    private static string? ReadConfigRoot(SettingsSection root)
    {
        var raw = root.Text("configRoot") ?? DefaultConfigRoot;
        var missing = new List<string>();
        var expanded = VariablePattern().Replace(raw, m =>
        {
            var value = root.Document.Variable(m.Groups[1].Value);
            if (value is null)
            {
                missing.Add(m.Groups[1].Value);
            }

            return value ?? string.Empty;
        });
        if (missing.Count > 0)
        {
            root.Error("configRoot", $"environment variable {string.Join(", ", missing)} is not set (value '{SettingsKeys.Printable(raw)}')");
            return null;
        }

        if (!Path.IsPathFullyQualified(expanded) || expanded.Any(char.IsControl))
        {
            root.Error("configRoot", $"must be an absolute path (got '{SettingsKeys.Printable(expanded)}')");
            return null;
        }

        var full = Path.GetFullPath(expanded);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();
}
