using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads <c>"accounts": { "usersFile": "../state/users.json", "failedLoginLimit": 5, "failedLoginWindowSeconds": 900,
/// "lockoutSeconds": 900 }</c> and <c>"audit": { "maxEntries": 100000, "maxAgeDays": 0 }</c>.
/// </summary>
internal static class AccountsReader
{
    public static AccountsSettings Read(SettingsSection root, string configDirectory)
    {
        var accounts = root.Section("accounts", "{ usersFile, failedLoginLimit, failedLoginWindowSeconds, lockoutSeconds }");
        if (accounts is null)
        {
            return AccountsSettings.Default;
        }

        string? usersFile = null;
        if (accounts.Text("usersFile") is { } file)
        {
            if (file.Length == 0 || file.Any(char.IsControl))
            {
                accounts.Error("usersFile", "must be a file path (relative to this file's folder, or absolute)");
            }
            else
            {
                usersFile = Path.GetFullPath(Path.Combine(configDirectory, file));
            }
        }

        var d = AccountsSettings.Default;
        return new AccountsSettings(
            usersFile,
            accounts.WholeNumber("failedLoginLimit", 1, 1000) ?? d.FailedLoginLimit,
            accounts.WholeNumber("failedLoginWindowSeconds", 1, 86_400) ?? d.FailedLoginWindowSeconds,
            accounts.WholeNumber("lockoutSeconds", 1, 86_400 * 7) ?? d.LockoutSeconds);
    }

    public static AuditSettings ReadAudit(SettingsSection root)
    {
        var audit = root.Section("audit", "{ maxEntries, maxAgeDays }");
        return audit is null
            ? AuditSettings.Default
            : new AuditSettings(
                audit.WholeNumber("maxEntries", 10, 100_000_000) ?? AuditSettings.Default.MaxEntries,
                audit.WholeNumber("maxAgeDays", 0, 36_500) ?? AuditSettings.Default.MaxAgeDays);
    }
}
