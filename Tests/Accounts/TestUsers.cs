using PryvBus.Leader.Accounts;

namespace PryvBus.Tests.Accounts;

/// <summary>A users file as the leader reads it (owner-only mode), holding the given accounts.</summary>
internal static class TestUsers
{
    public static void Write(string path, params OperatorAccount[] accounts)
    {
        var document = new UsersDocument();
        foreach (var account in accounts)
        {
            document.Users.Add(account);
        }

        File.WriteAllBytes(path, UsersFile.Serialize(document));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
