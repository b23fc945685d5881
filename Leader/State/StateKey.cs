using PryvBus.Shared.Settings;

namespace PryvBus.Leader.State;

/// <summary>
/// The leader's state key: 32 random bytes in base64, from <c>PRYVBUS_STATE_KEY</c>, else from the file named by
/// <c>PRYVBUS_STATE_KEY_FILE</c>, else from <c>{stateDirectory}.key</c> beside the state folder (never inside it: a copy
/// of the folder alone reveals nothing). That default file is generated (mode 0600) only while the state folder holds
/// no sealed secrets; a key file readable by group or others is refused.
/// </summary>
public sealed class StateKey
{
    public const string KeyVariable = "PRYVBUS_STATE_KEY";
    public const string KeyFileVariable = "PRYVBUS_STATE_KEY_FILE";
    public const string BackupKeyVariable = "PRYVBUS_BACKUP_KEY";
    public const int Length = 32;

    private readonly byte[] _material;

    private StateKey(byte[] material, string source, bool generated)
    {
        _material = material;
        Source = source;
        Generated = generated;
    }

    /// <summary>The variable or file the key came from.</summary>
    public string Source { get; }

    /// <summary>True when this call generated the default key file.</summary>
    public bool Generated { get; }

    public SealingKey Secrets => SealingKey.Derive(_material, "state secrets v1", Source);

    public SealingKey Backups => SealingKey.Derive(_material, "backup v1", Source);

    /// <summary>The key of the audit chain's HMAC: who can write Redis but not read this key cannot forge the chain.</summary>
    public SealingKey Audit => SealingKey.Derive(_material, "audit chain v1", Source);

    /// <summary>Whether <paramref name="other"/> is the same key from the same place.</summary>
    public bool Matches(StateKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Source == other.Source && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(_material, other._material);
    }

    public static string DefaultKeyFile(string stateDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory)) + ".key";

    /// <param name="stateDirectory">The state folder.</param>
    /// <param name="environment">Reads environment variables.</param>
    /// <param name="mayGenerate">Whether a missing default key file may be created (nothing is sealed yet).</param>
    /// <exception cref="StateException">No usable key: the message says which variable or file and why.</exception>
    public static StateKey Resolve(string stateDirectory, Func<string, string?> environment, bool mayGenerate)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(KeyVariable) is { Length: > 0 } inline)
        {
            return new StateKey(Decode(inline, KeyVariable), KeyVariable, generated: false);
        }

        if (environment(KeyFileVariable) is { Length: > 0 } named)
        {
            var path = Path.GetFullPath(named);
            return File.Exists(path)
                ? new StateKey(ReadFile(path), path, generated: false)
                : throw new StateException($"{path} (from {KeyFileVariable}): the state key file does not exist");
        }

        var file = DefaultKeyFile(stateDirectory);
        if (File.Exists(file))
        {
            return new StateKey(ReadFile(file), file, generated: false);
        }

        if (!mayGenerate)
        {
            throw new StateException(
                $"no state key: {file} does not exist and neither {KeyVariable} nor {KeyFileVariable} is set, but the state folder "
                + $"{stateDirectory} holds sealed secrets: put back the key they were sealed with (never a new one)");
        }

        // A key file created by another user than the folder's would lock the leader out of its own secrets.
        StateFolderOwner.Check(stateDirectory);
        return Generate(file);
    }

    /// <summary>The key of backups: <c>PRYVBUS_BACKUP_KEY</c> when set, else derived from the state key.</summary>
    public static SealingKey BackupKey(string stateDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(BackupKeyVariable) is { Length: > 0 } inline
            ? SealingKey.Derive(Decode(inline, BackupKeyVariable), "backup v1", BackupKeyVariable)
            : Resolve(stateDirectory, environment, mayGenerate: false).Backups;
    }

    private static StateKey Generate(string file)
    {
        var material = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Length);
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            Directory.CreateDirectory(folder);
            StateFiles.WriteAtomically(file, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(material) + "\n"), overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another PryvBus process generated it first: use that one.
            return new StateKey(ReadFile(file), file, generated: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException(
                $"{file}: cannot create the state key file ({ex.Message}); make its folder writable, or set {KeyVariable} or {KeyFileVariable}", ex);
        }

        return new StateKey(material, file, generated: true);
    }

    private static byte[] ReadFile(string path)
    {
        if (CredentialFileMode.IsOpenToGroupOrOthers(path))
        {
            throw new StateException(
                $"{path}: the state key file is readable by group or others (mode {CredentialFileMode.Octal(path)}): "
                + $"chmod 600 {path}");
        }

        try
        {
            return Decode(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{path}: cannot read the state key file ({ex.Message})", ex);
        }
    }

    /// <summary>What is wrong with a value that is not a key (never the value itself).</summary>
    public const string Malformed = "not a state key (32 random bytes in base64, e.g. from `openssl rand -base64 32`)";

    /// <summary>True when <paramref name="text"/> is 32 bytes in base64 (surrounding white space allowed).</summary>
    public static bool IsWellFormed(string text) => TryDecode(text) is not null;

    private static byte[] Decode(string text, string source) =>
        TryDecode(text) ?? throw new StateException($"{source}: {Malformed}");

    private static byte[]? TryDecode(string text)
    {
        var bytes = new byte[Length + 3];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written == Length ? bytes[..Length] : null;
    }
}
