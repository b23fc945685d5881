using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>secrets set NAME [--role ROLE] [--from-file FILE]</c>: stores a value the operator already has (a Pryv internal key
/// being migrated, a key issued by a third party) for a declared secret, in the sealed state folder first (under
/// <c>secrets.lock</c>, which a running leader's pass also holds), then in Redis. The replaced value is kept as retired
/// (masked in old versions). Nothing is rendered: the next render (<c>render</c>, or the running leader's next pass)
/// uses the value. The value is never printed.
/// </summary>
public static class SecretsSetCommand
{
    public static async Task<int> RunAsync(
        LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output, TextReader? input)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var name = args.Words.ElementAtOrDefault(2) ?? throw new UsageException("secrets set needs a secret NAME");
        if (!settings.Secrets.TryGetValue(name, out var spec))
        {
            var declared = settings.Secrets.Keys.Order(StringComparer.Ordinal).ToArray();
            throw new UsageException($"'{name}' is not a declared secret (declared in 'secrets': {(declared.Length == 0 ? "none" : string.Join(", ", declared))})");
        }

        var scopes = Scopes(settings, spec, args.Option("--role"));
        var value = await SecretValueInput.ReadAsync(input, args.Option("--from-file"));
        var vault = new SecretVault(redis, settings.Keys);
        if (vault.IsOverridden(name))
        {
            var why = $"{name} is set by {SecretResolver.EnvironmentPrefix}{name}: change that variable instead.";
            await (args.Has("--json") ? CommandJson.WriteAsync(output, new SecretSetOutput(name, [], why), CommandsJsonContext.Default.SecretSetOutput) : output.WriteLineAsync(why));
            return 1;
        }

        // The state folder first: a value Redis holds is always one the state folder can restore.
        var state = SecretState.Open(settings, Environment.GetEnvironmentVariable);
        await state.SetAsync(scopes.Select(scope => (scope, name, value)).ToArray());
        var db = redis.GetDatabase();
        var hashes = new List<string>();
        foreach (var scope in scopes)
        {
            var hash = SecretScopes.Hash(settings.Keys, scope);
            await db.HashSetAsync(hash, name, value);
            hashes.Add(hash.ToString());
        }

        await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry("secret.set", Accounts.Actor.Cli(), Role: args.Option("--role"), Detail: $"{name} in {string.Join(", ", hashes)}"));
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(output, new SecretSetOutput(name, hashes, null), CommandsJsonContext.Default.SecretSetOutput);
            return 0;
        }

        await output.WriteLineAsync($"Set {name} in {string.Join(", ", hashes)} (the value is not shown).");
        await output.WriteLineAsync("The next render uses it: run 'render' once every secret to keep is set.");
        return 0;
    }

    private static string[] Scopes(LeaderSettings settings, SecretSpec spec, string? role)
    {
        if (spec.Scope == SecretScope.Platform)
        {
            return role is null
                ? [SecretScopes.Platform]
                : throw new UsageException($"{spec.Name} is platform-scoped (one value for every role): --role does not apply");
        }

        var roles = settings.Roles();
        if (role is not null && !roles.Contains(role))
        {
            throw new UsageException($"unknown role '{role}' (roles: {string.Join(", ", roles)})");
        }

        IReadOnlyList<string> chosen = role is null ? roles : [role];
        return chosen.Count == 0
            ? throw new UsageException($"{spec.Name} is role-scoped and there is no role folder yet under {settings.TemplatesPath}")
            : chosen.Select(SecretScopes.Role).ToArray();
    }
}
