using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>restore FILE [--force]</c>: writes a backup back into an empty store (<c>--force</c> replaces what is there) and its
/// secrets into the state folder. The leader's next pass stores every role above the serials followers hold.
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
        var users = await RestoreUsersAsync(settings, content, args.Has("--force"));
        // The stream put back ends where the backup was taken: the witness of what came after is lowered, and that loss said.
        var restoredHead = await new Audit.AuditStream(redis.GetDatabase(), keys).HeadAsync() ?? Audit.AuditChain.Start;
        var lost = await Audit.AuditWitness.LowerAfterRestoreAsync(settings.StateDirectory, restoredHead);
        await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry(
            "restore", Accounts.Actor.Cli(), Detail: $"{path} (taken {content.Created}); users file {users}{(lost is null ? string.Empty : "; " + lost)}"));
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new RestoreOutput(
                    path, content.Versions.Count, content.Versions.Sum(v => v.Retained.Count), content.Secrets.Sum(s => s.Value.Count), users,
                    content.Created, content.Prefix, written),
                CommandsJsonContext.Default.RestoreOutput);
            return 0;
        }

        await output.WriteLineAsync(
            $"Restored {content.Versions.Count} role(s), {content.Versions.Sum(v => v.Retained.Count)} version(s) and "
            + $"{content.Secrets.Sum(s => s.Value.Count)} secret(s) from {path} (taken {content.Created} under prefix {content.Prefix}; "
            + $"{written} key(s) written, secrets also sealed in {state.Folder}; users file {users}). The leader's next pass stores every role above the serials "
            + "followers hold: run `pryvbus-leader render` or let the running leader do it.");
        return 0;
    }

    /// <summary>The backup's users file, when the folder has none (or --force); checked like the leader reads it.</summary>
    private static async Task<string> RestoreUsersAsync(LeaderSettings settings, BackupContent content, bool force)
    {
        if (content.Users is null)
        {
            return "not in the backup";
        }

        if (File.Exists(settings.UsersFile) && !force)
        {
            return "kept (it exists; --force replaces it)";
        }

        var document = UsersFile.Parse(System.Text.Encoding.UTF8.GetBytes(content.Users), "the backup's users file");
        await UsersFile.ReplaceAsync(settings.UsersFile, document);
        return "restored";
    }
}
