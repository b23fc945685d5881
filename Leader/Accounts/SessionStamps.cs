using System.Security.Cryptography;
using System.Text;

namespace PryvBus.Leader.Accounts;

/// <summary>
/// What ties a console session to its account: each account stores a random stamp (<see cref="OperatorAccount.SessionStamp"/>),
/// renewed by <c>users add</c>, <c>passwd</c>, <c>disable</c> and <c>enable</c>, and for every account by <c>restore</c>. A
/// session carries <see cref="Of"/> from sign-in and is refused once the account's differs: a new stamp or a new password
/// hash (by the CLI or by hand) ends every session signed in before, a name removed and added again never revives an old
/// one, and neither does a restore putting back a backup's stamps.
/// </summary>
public static class SessionStamps
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new stamp for every account of <paramref name="users"/>: each one's sessions end.</summary>
    /// <returns>How many accounts got one.</returns>
    public static int RenewAll(UsersDocument users)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var account in users.Users)
        {
            account.SessionStamp = New();
        }

        return users.Users.Count;
    }

    /// <summary>The account's stamp and password hash digested (a session's cookie never holds the hash itself).</summary>
    public static string Of(OperatorAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{account.SessionStamp}\n{account.PasswordHash}")));
    }

    /// <summary>Constant-time comparison of two stamps from <see cref="Of"/>.</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
