using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>backup FILE [--force]</c>: everything PryvBus keeps (secrets, retained versions, history, pins, serials, the roles
/// set, the store generation) into one file sealed with <c>PRYVBUS_BACKUP_KEY</c> or the state key, mode 0600.
/// </summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.GetFullPath(args.Words.ElementAtOrDefault(1) ?? throw new UsageException("backup needs a FILE to write"));
        var key = StateKey.BackupKey(settings.StateDirectory, Environment.GetEnvironmentVariable);
        BackupContent content;

        // Both locks of the state folder: no pass stores and no secret changes while the snapshot is taken.
        using (await StateFolderLocks.HoldAsync(settings.StateDirectory))
        {
            var state = SecretState.Exists(settings.StateDirectory) ? SecretState.Open(settings, Environment.GetEnvironmentVariable) : null;
            content = await StoreSnapshot.TakeAsync(redis.GetDatabase(), settings.Keys, settings.Roles(), state);
        }

        // Read (and so checked) like the leader reads it: a broken users file is not backed up as if it were good.
        var users = UsersFile.Read(settings.UsersFile);
        content.Users = File.Exists(settings.UsersFile) ? System.Text.Encoding.UTF8.GetString(UsersFile.Serialize(users)) : null;

        BackupFile.Write(path, content, key, args.Has("--force"));

        var summary = new BackupOutput(
            path,
            content.Versions.Count,
            content.Versions.Sum(v => v.Retained.Count),
            content.Secrets.Sum(s => s.Value.Count),
            content.Audit?.Entries.Count ?? 0,
            users.Users.Count,
            content.Generation,
            key.Source,
            key.IdHex);
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(output, summary, CommandsJsonContext.Default.BackupOutput);
        }
        else
        {
            await output.WriteLineAsync(
                $"Backup of {summary.Roles} role(s), {summary.Versions} version(s), {summary.Secrets} secret(s), {summary.AuditEntries} audit entrie(s) and {summary.Operators} operator(s) written to {path} (mode 0600), "
                + $"sealed with the key from {key.Source} (id {key.IdHex}): keep that key apart from the file.");
        }

        return 0;
    }
}
