using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>restore FILE [--force] [--replace-users]</c>: writes a backup back into an empty store (<c>--force</c> replaces what
/// is there) and its secrets into the state folder, and the backup's users file when the folder has none
/// (<c>--replace-users</c> puts it in place of the folder's; <c>--force</c> alone never does: a disable, a password change
/// or a revoked token made since the backup would be undone). Every
/// account then left gets a new session stamp: no console session signed in before the restore is valid after it. The
/// leader's next pass stores every role above the serials followers hold.
/// </summary>
public static class RestoreCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.GetFullPath(args.Words.ElementAtOrDefault(1) ?? throw new UsageException("restore needs the backup FILE"));
        var content = BackupFile.Read(path, StateKey.BackupKey(settings.StateDirectory, Environment.GetEnvironmentVariable));
        var keys = settings.Keys;
        var existing = await StoreRestore.ExistingKeysAsync(redis, keys);
        if (existing.Count > 0 && !args.Has("--force"))
        {
            await output.WriteLineAsync(
                $"Redis already holds {existing.Count} PryvBus key(s) under prefix {keys.Prefix} (e.g. {existing[0]}): nothing restored. "
                + "Restore into an empty store, or add --force to replace them.");
            return 1;
        }

        var state = SecretState.Open(settings, Environment.GetEnvironmentVariable);
        var written = await StoreRestore.RestoreAsync(redis, keys, content, state, args.Has("--force"));
        string users;
        int renewed;
        try
        {
            (users, renewed) = await RestoreUsersAsync(settings, content, args.Has("--replace-users"));
        }
        catch (StateException ex)
        {
            throw new StateException(
                $"Redis and the secrets were restored ({written} key(s) written) but not the users file, and no console session was ended: {ex.Message}. "
                + "Fix it (its mode 0600, its JSON) and restore again with --force, which keeps its accounts; "
                + "or move it aside and restore again with --force, which puts the backup's accounts in its place", ex);
        }

        var usersDone = renewed == 0 ? users : $"{users}, new session stamps for {renewed} account(s): console sessions signed in before ended";
        // The stream put back ends where the backup was taken: the witness of what came after is lowered, and that loss said.
        var restoredHead = await new Audit.AuditStream(redis.GetDatabase(), keys).HeadAsync() ?? Audit.AuditChain.Start;
        var lost = await Audit.AuditWitness.LowerAfterRestoreAsync(settings.StateDirectory, restoredHead);
        await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry(
            "restore", Accounts.Actor.Cli(), Detail: $"{path} (taken {content.Created}); users file {usersDone}{(lost is null ? string.Empty : "; " + lost)}"));
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new RestoreOutput(
                    path, content.Versions.Count, content.Versions.Sum(v => v.Retained.Count), content.Secrets.Sum(s => s.Value.Count), users, renewed,
                    content.Created, content.Prefix, written),
                CommandsJsonContext.Default.RestoreOutput);
            return 0;
        }

        await output.WriteLineAsync(
            $"Restored {content.Versions.Count} role(s), {content.Versions.Sum(v => v.Retained.Count)} version(s) and "
            + $"{content.Secrets.Sum(s => s.Value.Count)} secret(s) from {path} (taken {content.Created} under prefix {content.Prefix}; "
            + $"{written} key(s) written, secrets also sealed in {state.Folder}; users file {usersDone}). The leader's next pass stores every role above the serials "
            + "followers hold: run `pryvbus-leader render` or let the running leader do it.");
        return 0;
    }

    /// <summary>
    /// The backup's users file when the folder has none (or --replace-users), checked like the leader reads it; in the same locked
    /// write, a new session stamp for every account the folder then holds, the backup's or its own (<see cref="UsersFile.RestoreAsync"/>).
    /// </summary>
    private static async Task<(string Users, int Renewed)> RestoreUsersAsync(LeaderSettings settings, BackupContent content, bool replace)
    {
        var exists = File.Exists(settings.UsersFile);
        if (content.Users is null || (exists && !replace))
        {
            var users = content.Users is null ? "not in the backup" : "kept (it exists; --replace-users puts the backup's accounts in its place)";
            return (users, exists ? await UsersFile.RestoreAsync(settings.UsersFile, null) : 0);
        }

        var document = UsersFile.Parse(System.Text.Encoding.UTF8.GetBytes(content.Users), "the backup's users file");
        return ("restored", await UsersFile.RestoreAsync(settings.UsersFile, document));
    }
}
