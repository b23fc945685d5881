using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>rollback ROLE SERIAL</c>: that version's content as a new serial, pinned until <c>unpin ROLE</c>
/// (which lets the templates take over again at the next render).
/// </summary>
public static class RollbackCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var role = CommandRoles.Require(settings, args, 1);
        var rollback = new Rollback(redis, settings);
        if (args.Words[0] == "unpin")
        {
            var wasPinned = await rollback.UnpinAsync(role);
            await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry("unpin", Accounts.Actor.Cli(), Role: role, Detail: wasPinned ? "unpinned" : "was not pinned"));
            await output.WriteLineAsync(wasPinned
                ? $"{role}: unpinned; the next render (now, with `pryvbus-leader render --role {role}`) stores the templates' content"
                : $"{role}: was not pinned");
            return 0;
        }

        var serial = CommandRoles.Serial(args, 2, required: true)!.Value;
        StoreResult result;
        try
        {
            result = await rollback.RollbackAsync(role, serial);
            await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry("rollback", Accounts.Actor.Cli(), Role: role, Detail: $"serial {serial}'s content as serial {result.Serial}, pinned"));
        }
        catch (InvalidOperationException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }

        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output, new RollbackOutput(role, serial, result.Serial, result.Outcome == StoreOutcome.Stored, Pinned: true), CommandsJsonContext.Default.RollbackOutput);
        }
        else
        {
            await output.WriteLineAsync(result.Outcome == StoreOutcome.Stored
                ? $"{role}: serial {serial}'s content stored as serial {result.Serial} and published; pinned until `pryvbus-leader unpin {role}`"
                : $"{role}: serial {result.Serial} already has serial {serial}'s content; pinned until `pryvbus-leader unpin {role}`");
        }

        return 0;
    }
}
