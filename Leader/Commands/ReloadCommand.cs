using PryvBus.Leader.Publishing;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary><c>reload ROLE [COMPONENT...]</c>: publishes a reload event (ROLE may be <c>*</c>).</summary>
public static class ReloadCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var words = args.Words.Skip(1).ToArray();
        if (words.Length == 0)
        {
            throw new UsageException("reload needs a ROLE (or '*') and optionally COMPONENT names");
        }

        var parsed = EventParser.Parse("reload " + string.Join(' ', words));
        if (parsed.Event is not ReloadEvent reload)
        {
            throw new UsageException(parsed.Error!);
        }

        if (reload.Role != "*" && !settings.Roles().Contains(reload.Role))
        {
            // Nobody would ever act on it: a typo, like history's.
            throw new UsageException($"unknown role '{reload.Role}' (roles: {string.Join(", ", settings.Roles())})");
        }

        var receivers = await new EventPublisher(redis, settings.Keys).PublishAsync(reload);
        await CliAudit.For(settings, redis).RecordAsync(new Audit.AuditEntry(
            "reload", Accounts.Actor.Cli(), Role: reload.Role, Detail: reload.AllComponents ? "every component" : string.Join(", ", reload.Components)));
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(output, new ReloadOutput(reload.Role, reload.Components, receivers), CommandsJsonContext.Default.ReloadOutput);
        }
        else
        {
            var what = reload.AllComponents ? "every component" : string.Join(", ", reload.Components);
            await output.WriteLineAsync($"reload of {what} of role {reload.Role} published to {receivers} subscriber(s)");
        }

        return 0;
    }
}
