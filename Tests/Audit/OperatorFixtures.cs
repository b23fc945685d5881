using PryvBus.Leader.Accounts;

namespace PryvBus.Tests.Audit;

/// <summary>Operators written straight into a users file (cheap password hashes), with one token each.</summary>
internal static class OperatorFixtures
{
    /// <returns>Operator name → its token.</returns>
    public static async Task<Dictionary<string, string>> AddAsync(string usersFile, params (string Name, OperatorRole Role)[] operators)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        await UsersFile.ChangeAsync(usersFile, users =>
        {
            foreach (var (name, role) in operators)
            {
                var (token, record) = ApiToken.Create("test", DateTimeOffset.UtcNow);
                users.Users.Add(new OperatorAccount
                {
                    Name = name, Role = OperatorRoles.Name(role), PasswordHash = PasswordHash.Create(name + " password", 1000), Tokens = [record],
                });
                tokens[name] = token;
            }

            return true;
        });
        return tokens;
    }

    /// <summary>One operator per role, named after it.</summary>
    public static Task<Dictionary<string, string>> EveryRoleAsync(string usersFile) =>
        AddAsync(usersFile, Enum.GetValues<OperatorRole>().Select(r => (OperatorRoles.Name(r), r)).ToArray());
}
