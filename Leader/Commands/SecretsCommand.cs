using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary><c>secrets list</c> (names and scopes, never values) and <c>secrets rotate NAME [--role ROLE]</c>.</summary>
public static class SecretsCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var vault = new SecretVault(redis, settings.Keys);
        switch (args.Words.ElementAtOrDefault(1))
        {
            case "list":
                return await ListAsync(settings, redis, vault, args.Has("--json"), output);
            case "rotate":
                var secret = args.Words.ElementAtOrDefault(2) ?? throw new UsageException("secrets rotate needs a secret NAME");
                return await RotateAsync(settings, redis, vault, (secret, args.Option("--role")), args.Has("--json"), output);
            default:
                throw new UsageException("secrets needs 'list' or 'rotate NAME'");
        }
    }

    private static async Task<int> ListAsync(LeaderSettings settings, IConnectionMultiplexer redis, SecretVault vault, bool json, TextWriter output)
    {
        var rows = (await SecretListing.ReadAsync(settings, redis, vault))
            .Select(s => new SecretRowOutput(s.Name, s.Scope, s.Hash, s.UsedBy, s.Overridden)).ToArray();
        if (json)
        {
            await CommandJson.WriteAsync(output, rows, CommandsJsonContext.Default.IEnumerableSecretRowOutput);
            return 0;
        }

        var table = new Table("NAME", "SCOPE", "HASH", "USED BY (current versions)", "ENV OVERRIDE");
        foreach (var row in rows)
        {
            table.Add(row.Name, row.Scope, row.Hash, string.Join(",", row.UsedBy), row.Overridden ? "yes" : string.Empty);
        }

        await output.WriteAsync(table.ToString());
        return 0;
    }

    private static async Task<int> RotateAsync(
        LeaderSettings settings, IConnectionMultiplexer redis, SecretVault vault, (string Name, string? Role) secret, bool json, TextWriter output)
    {
        var (name, role) = secret;
        if (vault.IsOverridden(name))
        {
            return await RefusedAsync(name, $"{name} is set by {SecretResolver.EnvironmentPrefix}{name}: change that variable instead.", json, output);
        }

        var known = (await vault.ListAsync(settings.Roles())).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (!known.Contains(name, StringComparer.Ordinal))
        {
            // Names only, never values.
            throw new UsageException($"unknown secret '{name}' (secrets: {string.Join(", ", known)})");
        }

        if (role is not null && !settings.Roles().Contains(role))
        {
            throw new UsageException($"unknown role '{role}' (roles: {string.Join(", ", settings.Roles())})");
        }

        var rotated = await vault.RotateAsync(settings, name, settings.Roles(), role);
        if (rotated.Count > 0)
        {
            // The name and where, never a value.
            await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry("secret.rotate", Accounts.Actor.Cli(), Role: role, Detail: $"{name} in {string.Join(", ", rotated)}"));
        }

        if (rotated.Count == 0)
        {
            return await RefusedAsync(name, $"No stored secret named {name}{(role is null ? string.Empty : " for role " + role)}.", json, output);
        }

        var pipeline = new PlatformPipeline(redis, NullLogger<PlatformPipeline>.Instance);
        var reports = await pipeline.RunAsync(settings, $"secret {name} rotated");
        if (json)
        {
            await CommandJson.WriteAsync(
                output,
                new SecretRotateOutput(
                    name, rotated, null,
                    reports.Where(r => r.Stored).Select(r => new RotatedRoleOutput(r.Role, r.Store!.Serial)),
                    reports.Where(r => r.Failed).Select(r => r.Role)),
                CommandsJsonContext.Default.SecretRotateOutput);
            return 0;
        }

        await output.WriteLineAsync($"Rotated {name} in {string.Join(", ", rotated)}.");
        foreach (var report in reports)
        {
            if (report.Stored)
            {
                await output.WriteLineAsync($"{report.Role}: stored serial {report.Store!.Serial}");
            }
            else if (report.Failed)
            {
                await output.WriteLineAsync($"{report.Role}: render FAILED; the new value is stored and will be used by the next good render");
            }
        }

        return 0;
    }

    private static async Task<int> RefusedAsync(string name, string why, bool json, TextWriter output)
    {
        await (json
            ? CommandJson.WriteAsync(output, new SecretRotateOutput(name, [], why, [], []), CommandsJsonContext.Default.SecretRotateOutput)
            : output.WriteLineAsync(why));
        return 1;
    }
}
