using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary><c>diff ROLE A B [--reveal] [--json]</c>: which files changed from serial A to serial B, and how.</summary>
public static class DiffCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, IConnectionMultiplexer redis, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var role = CommandRoles.Require(settings, args, 1);
        var (a, b) = (CommandRoles.Serial(args, 2, required: true)!.Value, CommandRoles.Serial(args, 3, required: true)!.Value);
        var store = new VersionStore(redis, settings.Keys, settings.HistoryLength);
        var before = await store.ReadAsync(role, a);
        var after = await store.ReadAsync(role, b);
        if (before is null || after is null)
        {
            await output.WriteLineAsync($"serial {(before is null ? a : b)} of role {role} is not retained (see: pryvbus-leader history {role})");
            return 1;
        }

        var changed = FileDiff.ChangedPaths(before.Files, after.Files);
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new DiffOutput(
                    role, a, b,
                    changed.Where(p => !before.Files.ContainsKey(p)),
                    changed.Where(p => !after.Files.ContainsKey(p)),
                    changed.Where(p => before.Files.ContainsKey(p) && after.Files.ContainsKey(p))),
                CommandsJsonContext.Default.DiffOutput);
            return 0;
        }

        var masker = (await OutputMasking.CreateAsync(settings, redis, before.Secrets.Concat(after.Secrets))).Masker;
        await output.WriteLineAsync($"{role}: serial {a} → {b}, {changed.Count} file(s) changed");
        await output.WriteAsync(FileDiff.Describe(
            before.Files, after.Files, p => before.SecretFiles.Contains(p) || after.SecretFiles.Contains(p), masker, args.Has("--reveal")));
        return 0;
    }
}
