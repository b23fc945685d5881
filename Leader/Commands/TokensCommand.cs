using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>tokens create NAME [--label L]</c> (the token is printed once: only its hash is kept), <c>tokens list [NAME]</c>,
/// <c>tokens revoke ID</c> (refused by the running leader at once). Creations and revocations are audited.
/// </summary>
public static class TokensCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IAuditTrail audit, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var json = args.Has("--json");
        var word = args.Words.ElementAtOrDefault(2);
        switch (args.Words.ElementAtOrDefault(1))
        {
            case "create":
                var name = word ?? throw new UsageException("tokens create needs an operator NAME");
                var label = args.Option("--label");
                if (label is { Length: > 100 } || label?.Any(char.IsControl) == true)
                {
                    throw new UsageException("--label must be at most 100 printable characters");
                }

                var (token, record) = ApiToken.Create(label, DateTimeOffset.UtcNow);
                await UsersFile.ChangeAsync(settings.UsersFile, users =>
                {
                    UsersCommand.Find(users, name).Tokens.Add(record);
                    return true;
                });
                await audit.RecordAsync(new AuditEntry("tokens.create", Actor.Cli(), Detail: $"operator {name} token {record.Id}"));
                await (json
                    ? CommandJson.WriteAsync(output, new TokenCreatedOutput(name, record.Id, label, token), CommandsJsonContext.Default.TokenCreatedOutput)
                    : output.WriteLineAsync($"Token {record.Id} for {name} (shown once, keep it now; only its hash is stored):\n{token}"));
                return 0;
            case "list":
                return await ListAsync(UsersFile.Read(settings.UsersFile), word, json, output);
            case "revoke":
                var id = word ?? throw new UsageException("tokens revoke needs a token ID (see `tokens list`)");
                var owner = await UsersFile.ChangeAsync(settings.UsersFile, users =>
                {
                    var user = users.Users.FirstOrDefault(u => u.Tokens.Any(t => t.Id == id)) ?? throw new UsageException($"no token with id '{id}'");
                    user.Tokens.RemoveAll(t => t.Id == id);
                    return user.Name;
                });
                await audit.RecordAsync(new AuditEntry("tokens.revoke", Actor.Cli(), Detail: $"operator {owner} token {id}"));
                await (json ? CommandJson.WriteAsync(output, new TokenRevokedOutput(owner, id, Revoked: true), CommandsJsonContext.Default.TokenRevokedOutput) : output.WriteLineAsync($"Token {id} of {owner} revoked."));
                return 0;
            default:
                throw new UsageException("tokens needs create, list or revoke");
        }
    }

    private static async Task<int> ListAsync(UsersDocument users, string? name, bool json, TextWriter output)
    {
        if (name is not null)
        {
            UsersCommand.Find(users, name);
        }

        var rows = users.Users.Where(u => name is null || u.Name == name)
            .SelectMany(u => u.Tokens.Select(t => new TokenRowOutput(t.Id, u.Name, t.Label, t.Created))).ToArray();
        if (json)
        {
            await CommandJson.WriteAsync(output, rows, CommandsJsonContext.Default.IEnumerableTokenRowOutput);
            return 0;
        }

        var table = new Table("ID", "OPERATOR", "LABEL", "CREATED");
        foreach (var row in rows)
        {
            table.Add(row.Id, row.Name, row.Label ?? string.Empty, row.Created);
        }

        await output.WriteAsync(table.ToString());
        return 0;
    }
}
