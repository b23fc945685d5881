using PryvBus.Shared.Settings;

namespace PryvBus.Leader.State;

/// <summary>
/// Checks the state key's environment variables when the settings are loaded (the first load fails fast, like any other
/// setting): <c>PRYVBUS_STATE_KEY</c> and <c>PRYVBUS_BACKUP_KEY</c> must be 32 bytes in base64; the file named by
/// <c>PRYVBUS_STATE_KEY_FILE</c> must exist, be readable, hold such a key, and be closed to group and others. A key that
/// is well formed but not the one the secrets were sealed with is found when the state folder is opened, as before.
/// Never prints a key.
/// </summary>
public static class StateKeyVariables
{
    public static void Check(SettingsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var name in new[] { StateKey.KeyVariable, StateKey.BackupKeyVariable })
        {
            if (document.Variable(name) is { } value && !StateKey.IsWellFormed(value))
            {
                document.Errors.AddVariable(name, StateKey.Malformed);
            }
        }

        if (document.Variable(StateKey.KeyFileVariable) is { } named && FileProblem(named) is { } problem)
        {
            document.Errors.AddVariable(StateKey.KeyFileVariable, problem);
        }
    }

    private static string? FileProblem(string named)
    {
        try
        {
            var path = Path.GetFullPath(named);
            if (!File.Exists(path))
            {
                return $"{path}: the state key file does not exist";
            }

            if (CredentialFileMode.IsOpenToGroupOrOthers(path))
            {
                return $"{path}: the state key file is readable by group or others (mode {CredentialFileMode.Octal(path)}): chmod 600 {path}";
            }

            return StateKey.IsWellFormed(File.ReadAllText(path)) ? null : $"{path}: {StateKey.Malformed}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"{named}: cannot read the state key file ({ex.Message})";
        }
    }
}
