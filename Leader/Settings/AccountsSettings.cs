namespace PryvBus.Leader.Settings;

/// <summary>
/// The <c>accounts</c> section: where the users file is (default <c>users.json</c> in the state folder) and the password
/// lockout: <see cref="FailedLoginLimit"/> failures of one account within <see cref="FailedLoginWindowSeconds"/> lock it
/// for <see cref="LockoutSeconds"/>.
/// </summary>
public sealed record AccountsSettings(string? UsersFile, int FailedLoginLimit, int FailedLoginWindowSeconds, int LockoutSeconds)
{
    public static AccountsSettings Default { get; } = new(null, 5, 900, 900);
}
