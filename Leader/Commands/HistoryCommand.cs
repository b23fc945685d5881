using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary><c>history ROLE [--json]</c>: the retained versions, newest first, the current one marked.</summary>
public static class HistoryCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var role = CommandRoles.Require(settings, args, 1);
        var store = new VersionStore(redis, settings.Keys, settings.HistoryLength);
        var current = await store.CurrentSerialAsync(role);
        var pinned = await new Rollback(redis, settings).PinnedAtAsync(role);
        var db = redis.GetDatabase();
        var rows = new List<(long Serial, IReadOnlyDictionary<string, string> Meta)>();
        foreach (var serial in (await store.HistoryAsync(role)).Reverse())
        {
            var meta = await db.HashGetAllAsync(settings.Keys.Meta(role, serial));
            rows.Add((serial, meta.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal)));
        }

        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new HistoryOutput(role, current, pinned, rows.Select(r => new HistoryVersionOutput(
                    r.Serial,
                    r.Meta.GetValueOrDefault(MetaFields.Created),
                    Number(r.Meta.GetValueOrDefault(MetaFields.Files)),
                    r.Meta.GetValueOrDefault(MetaFields.Sha256),
                    r.Meta.GetValueOrDefault(MetaFields.Reason)))),
                CommandsJsonContext.Default.HistoryOutput);
            return 0;
        }

        var table = new Table("SERIAL", "CREATED", "FILES", "SHA256", "REASON");
        foreach (var (serial, meta) in rows)
        {
            table.Add(
                serial == current ? $"{serial} *" : serial.ToString(System.Globalization.CultureInfo.InvariantCulture),
                meta.GetValueOrDefault(MetaFields.Created),
                meta.GetValueOrDefault(MetaFields.Files),
                meta.GetValueOrDefault(MetaFields.Sha256, string.Empty)[..Math.Min(12, meta.GetValueOrDefault(MetaFields.Sha256, string.Empty).Length)],
                meta.GetValueOrDefault(MetaFields.Reason));
        }

        await output.WriteAsync(table.ToString());
        await output.WriteLineAsync(pinned is null ? "* current" : $"* current; pinned at serial {pinned} by a rollback (pryvbus-leader unpin {role})");
        return 0;
    }

    // The meta hash keeps text; the JSON form gives numbers (null when missing or not a number).
    private static int? Number(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
