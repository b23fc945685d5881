using PryvBus.Leader.Migration;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>import-pryv-leader PRYV_LEADER_DIR NEW_ROOT [--redis CONFIGURATION] [--json]</c>: Pryv's own config leader (its
/// <c>conf/platform.yml</c>, <c>conf/config-leader.json</c> and <c>data/{role}/</c>) → a new PryvBus leader tree in
/// NEW_ROOT. Prints what it did; exit 1 (and nothing written) on anything it could not convert. Works offline.
/// </summary>
public static class ImportPryvLeaderCommand
{
    public const string DefaultRedis = "127.0.0.1:6379";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var source = Path.GetFullPath(args.Words.ElementAtOrDefault(1)
            ?? throw new UsageException("import-pryv-leader needs PRYV_LEADER_DIR (the folder holding Pryv's conf/ and data/)"));
        var target = Path.GetFullPath(args.Words.ElementAtOrDefault(2)
            ?? throw new UsageException("import-pryv-leader needs NEW_ROOT (a new folder for the PryvBus leader's conf/, data/ and state/)"));
        if (!Directory.Exists(source))
        {
            throw new UsageException($"{source}: no such folder");
        }

        if (Path.Exists(target))
        {
            throw new UsageException($"{target} already exists: give a new folder (nothing is ever overwritten)");
        }

        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            throw new UsageException($"{Path.GetDirectoryName(target)}: no such folder");
        }

        var result = await PryvLeaderImport.RunAsync(source, target, args.Option("--redis") ?? DefaultRedis, Environment.GetEnvironmentVariable);
        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new PryvImportOutput(source, target, result.Written, result.Done, result.LeftOut, result.Notes, result.Problems),
                CommandsJsonContext.Default.PryvImportOutput);
            return result.Written ? 0 : 1;
        }

        await output.WriteLineAsync($"import-pryv-leader {source} → {target}");
        await WriteAsync(output, "done", result.Done);
        await WriteAsync(output, "left out", result.LeftOut);
        await WriteAsync(output, "notes", result.Notes);
        if (!result.Written)
        {
            await WriteAsync(output, "NOT CONVERTED (nothing was written)", result.Problems);
            return 1;
        }

        await output.WriteLineAsync($"\nNext: check {Path.Combine(target, "conf", "config-leader.json")} (redis), then with --config pointing at it:");
        await output.WriteLineAsync("  pryvbus-leader describe; pryvbus-leader render --dry-run; pryvbus-leader render (docs/migration.md)");
        return 0;
    }

    private static async Task WriteAsync(TextWriter output, string title, IReadOnlyCollection<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync($"\n{title}:");
        foreach (var line in lines)
        {
            await output.WriteLineAsync("  " + line);
        }
    }
}
