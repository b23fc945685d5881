using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>users add NAME --role ROLE</c>, <c>users list</c>, <c>users role NAME ROLE</c>, <c>users passwd NAME</c>,
/// <c>users disable|enable|remove NAME</c>: the operators of the users file. Passwords come from standard input or a
/// prompt (<see cref="PasswordInput"/>), never from an argument. Every change is recorded in the audit trail. add, passwd,
/// disable and enable give the account a new session stamp: its console sessions end (<see cref="SessionStamps"/>).
/// </summary>
public static class UsersCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IAuditTrail audit, CommandArgs args, TextWriter output, TextReader? input)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var verb = args.Words.ElementAtOrDefault(1);
        if (verb == "list")
        {
            return await ListAsync(settings, args.Has("--json"), output);
        }

        var name = args.Words.ElementAtOrDefault(2) ?? throw new UsageException($"users {verb} needs an operator NAME");
        var path = settings.UsersFile;
        string done;
        string? role = null;
        switch (verb)
        {
            case "add":
                role = RoleName(args.Option("--role") ?? throw new UsageException("users add needs --role viewer|editor|releaser|admin"));
                if (!OperatorNames.IsValid(name))
                {
                    throw new UsageException($"'{name}' is not a valid operator name ({OperatorNames.Rule})");
                }

                var hash = PasswordHash.Create(await PasswordInput.ReadAsync(input, Console.Error));
                await UsersFile.ChangeAsync(path, users =>
                {
                    if (users.Find(name) is not null)
                    {
                        throw new UsageException($"operator '{name}' already exists (change it with `users role` or `users passwd`)");
                    }

                    users.Users.Add(new OperatorAccount { Name = name, Role = role, PasswordHash = hash, SessionStamp = SessionStamps.New(), Created = Time.Text(DateTimeOffset.UtcNow) });
                    return true;
                });
                done = $"added operator {name} ({role})";
                break;
            case "role":
                role = RoleName(args.Words.ElementAtOrDefault(3) ?? throw new UsageException("users role needs NAME ROLE"));
                await Change(path, name, user => user.Role = role);
                done = $"operator {name} is now {role}";
                break;
            case "passwd":
                var newHash = PasswordHash.Create(await PasswordInput.ReadAsync(input, Console.Error));
                await Change(path, name, user =>
                {
                    user.PasswordHash = newHash;
                    user.SessionStamp = SessionStamps.New();
                });
                done = $"password of operator {name} changed";
                break;
            case "disable" or "enable":
                await Change(path, name, user =>
                {
                    // Enabling again does not bring back the sessions that disabling ended.
                    user.Disabled = verb == "disable";
                    user.SessionStamp = SessionStamps.New();
                });
                done = $"operator {name} {verb}d (applies to the running leader at once)";
                break;
            case "remove":
                await UsersFile.ChangeAsync(path, users => users.Users.Remove(Find(users, name)));
                done = $"operator {name} removed, with its tokens";
                break;
            default:
                throw new UsageException("users needs add, list, role, passwd, disable, enable or remove");
        }

        await audit.RecordAsync(new AuditEntry($"users.{verb}", Actor.Cli(), Detail: role is null ? $"operator {name}" : $"operator {name} role {role}"));
        await (args.Has("--json") ? CommandJson.WriteAsync(output, new UserChangeOutput(name, verb, role), CommandsJsonContext.Default.UserChangeOutput) : output.WriteLineAsync(done));
        return 0;
    }

    internal static OperatorAccount Find(UsersDocument users, string name) =>
        users.Find(name) ?? throw new UsageException($"no operator '{name}' (operators: {string.Join(", ", users.Users.Select(u => u.Name))})");

    private static Task Change(string path, string name, Action<OperatorAccount> change) =>
        UsersFile.ChangeAsync(path, users =>
        {
            change(Find(users, name));
            return true;
        });

    private static string RoleName(string text) =>
        OperatorRoles.TryParse(text, out var role)
            ? OperatorRoles.Name(role)
            : throw new UsageException($"unknown role '{text}' (roles: {string.Join(", ", OperatorRoles.Names)})");

    private static async Task<int> ListAsync(LeaderSettings settings, bool json, TextWriter output)
    {
        var rows = UsersFile.Read(settings.UsersFile).Users.Select(u => new UserRowOutput(
            u.Name, OperatorRoles.Name(u.ParsedRole), u.Disabled, u.PasswordHash is not null, u.Tokens.Count, u.Created)).ToArray();
        if (json)
        {
            await CommandJson.WriteAsync(output, rows, CommandsJsonContext.Default.IEnumerableUserRowOutput);
            return 0;
        }

        var table = new Table("NAME", "ROLE", "STATE", "PASSWORD", "TOKENS", "CREATED");
        foreach (var row in rows)
        {
            table.Add(row.Name, row.Role, row.Disabled ? "disabled" : "enabled", row.Password ? "set" : "-", row.Tokens.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Created);
        }

        await output.WriteAsync(rows.Length == 0 ? $"No operators yet in {settings.UsersFile}: add one with `pryvbus-leader users add NAME --role admin`.\n" : table.ToString());
        return 0;
    }
}
