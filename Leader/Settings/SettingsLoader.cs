using System.Text.RegularExpressions;
using PryvBus.Shared;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads and validates config-leader.json and the environment variables that override it, through the strict
/// reader both programs share (<see cref="SettingsDocument"/>): every problem (file and key) is collected before
/// failing, so an operator fixes them all in one go. Each key is declared once, where it is read below.
/// </summary>
public static partial class SettingsLoader
{
    /// <summary>Names a template cannot use for a platform value: Scriban's built-ins and our <c>secret</c> and <c>json</c> functions.</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "secret", "json", "array", "date", "html", "math", "object", "regex", "string", "timespan",
        "empty", "blank", "null", "true", "false", "this", "include", "func", "ret", "end",
    };

    /// <exception cref="SettingsException">Every problem found.</exception>
    public static LeaderSettings Load(string path) => Load(path, SettingsEnvironment.Process);

    /// <exception cref="SettingsException">Every problem found.</exception>
    public static LeaderSettings Load(string path, SettingsEnvironment environment) => Load(path, environment, out _);

    /// <param name="path">The settings file.</param>
    /// <param name="environment">The variables that override it.</param>
    /// <param name="content">The file's bytes as read (a reload compares them with the last ones without reading it twice).</param>
    /// <exception cref="SettingsException">Every problem found.</exception>
    public static LeaderSettings Load(string path, SettingsEnvironment environment, out byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            content = File.ReadAllBytes(fullPath);

            // As File.ReadAllText reads it: UTF-8 unless a byte order mark says otherwise.
            using var reader = new StreamReader(new MemoryStream(content), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{fullPath}: cannot read: {ex.Message}");
        }

        var settings = Parse(text, fullPath, environment);
        return settings with { OpenFileMode = CredentialFileMode.OpenSettingsMode(fullPath, settings.CredentialsInFile.Count) };
    }

    /// <summary>
    /// Reads settings text as if it were the file at <paramref name="fullPath"/> (relative paths resolve from its folder).
    /// Text with no problem replaces what the entry memos hold (<see cref="EntryMemo{T}"/>).
    /// </summary>
    /// <exception cref="SettingsException">Every problem found; no other exception for any text.</exception>
    public static LeaderSettings Parse(string text, string fullPath, SettingsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(fullPath);
        ArgumentNullException.ThrowIfNull(environment);
        fullPath = Path.GetFullPath(fullPath);
        using var document = SettingsDocument.Parse(text, Path.GetFileName(fullPath), environment);
        var (platform, secrets) = (new Dictionary<string, PlatformValue>(StringComparer.Ordinal), new Dictionary<string, SecretSpec>(StringComparer.Ordinal));
        var settings = document.Root is { } root ? Read(root, fullPath, platform, secrets) : null;
        var errors = document.Complete();
        if (errors.Count > 0 || settings is null)
        {
            throw new SettingsException(errors);
        }

        PlatformReader.Memo.Keep(platform);
        SecretsReader.Memo.Keep(secrets);

        return settings with
        {
            SampleCredentials = [.. document.SampleCredentials],
            Demo = document.Demo,

            // The keys, the passwords, and the values an operator marked sensitive (passwords of their own).
            CredentialsInFile = [.. document.CredentialsInFile, .. settings.Platform.Values.Where(v => v.Sensitive).Select(v => $"platform.{v.Name}.value")],
        };
    }

    private static LeaderSettings Read(SettingsSection root, string fullPath, Dictionary<string, PlatformValue> platform, Dictionary<string, SecretSpec> secrets)
    {
        var configDirectory = Path.GetDirectoryName(fullPath)!;
        var prefix = root.Text("keyPrefix") ?? RedisKeys.DefaultPrefix;
        if (!RedisKeys.IsValidPrefix(prefix))
        {
            root.Error("keyPrefix", $"'{prefix}' is not a valid prefix (letters, digits, '.', '-', '_')");
        }

        var templates = FolderPath(root, "templatesPath", "../data", configDirectory);
        if (templates is not null && !Directory.Exists(templates))
        {
            root.Error("templatesPath", $"folder '{templates}' does not exist");
        }

        var settings = new LeaderSettings
        {
            ConfigPath = fullPath,
            Redis = RedisReader.Read(root, configDirectory),
            KeyPrefix = prefix,
            TemplatesPath = templates ?? configDirectory,
            StateDirectory = FolderPath(root, "stateDirectory", "../state", configDirectory) ?? configDirectory,
            HistoryLength = root.WholeNumber("historyLength", 1, 10_000) ?? LeaderSettings.DefaultHistoryLength,
            WatchDebounce = TimeSpan.FromMilliseconds(root.WholeNumber("watchDebounceMs", 10, 60_000) ?? 500),
            CheckInterval = TimeSpan.FromSeconds(root.WholeNumber("checkIntervalSeconds", 1, 86_400) ?? 30),
            ReplicaWait = TimeSpan.FromMilliseconds(root.WholeNumber("replicaWaitMs", 100, 4_000) ?? 2000),
            Watch = root.Flag("watch") ?? true,
            Platform = PlatformReader.Read(root, ReservedNames, platform),
            Secrets = SecretsReader.Read(root, secrets),
            Followers = [],
            Http = HttpReader.Read(root),
            Acl = AclReader.Read(root),
            Validation = ValidationReader.Read(root),
            Render = RenderReader.Read(root),
            Components = ComponentsReader.Read(root),
            Accounts = AccountsReader.Read(root, configDirectory),
            Audit = AccountsReader.ReadAudit(root),
        };
        State.StateKeyVariables.Check(root.Document);
        var roles = settings.Roles();
        var followers = FollowersReader.Read(root, roles);
        return settings with { Followers = followers, Rollout = RolloutReader.Read(root, roles, followers) };
    }

    /// <summary>A folder relative to config-leader.json's folder; null when the value is unusable (reported).</summary>
    private static string? FolderPath(SettingsSection root, string name, string fallback, string configDirectory)
    {
        var value = root.Text(name) ?? fallback;
        if (value.Length == 0 || value.Any(char.IsControl))
        {
            root.Error(name, "must be a folder path (relative to this file's folder, or absolute)");
            return null;
        }

        try
        {
            return Path.GetFullPath(Path.Combine(configDirectory, value));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            root.Error(name, "must be a folder path (relative to this file's folder, or absolute)");
            return null;
        }
    }

    internal static bool IsIdentifier(string name) => IdentifierPattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex IdentifierPattern();
}
