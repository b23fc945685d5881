using PryvBus.Leader.Migration;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>import-data OLD_ROOT NEW_ROOT [--role ROLE] [--dry-run] [--json]</c>: the seed's migration step 6, run on each
/// machine. Moves the old data and log folders of the machine's role under <c>NEW_ROOT/pryv/{component}/</c>.
/// Exit code 1 when a folder was left where it was (non-empty target, error).
/// </summary>
public static class ImportDataCommand
{
    public static async Task<int> RunAsync(CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var oldRoot = Path.GetFullPath(args.Words.ElementAtOrDefault(1) ?? throw new UsageException("import-data needs OLD_ROOT and NEW_ROOT"));
        var newRoot = Path.GetFullPath(args.Words.ElementAtOrDefault(2) ?? throw new UsageException("import-data needs NEW_ROOT (the new ${PRYV_CONF_ROOT})"));
        if (!Directory.Exists(oldRoot))
        {
            throw new UsageException($"OLD_ROOT '{oldRoot}' is not a folder");
        }

        var role = Select(oldRoot, args.Option("--role"));
        var moved = DataMover.Move(role, newRoot, args.Has("--dry-run"));

        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output, new ImportDataOutput(role.Role, role.Folder, args.Has("--dry-run"), moved), CommandsJsonContext.Default.ImportDataOutput);
        }
        else
        {
            var table = new Table("folder", "to", "outcome");
            foreach (var folder in moved)
            {
                table.Add(Path.GetRelativePath(oldRoot, folder.Source), folder.Target, folder.Outcome);
            }

            await output.WriteAsync(moved.Count == 0 ? $"{role.Role}: no data or log folder in {role.Folder}\n" : $"{role.Role} ({role.Folder}):\n{table}");
        }

        return moved.All(m => m.Done) ? 0 : 1;
    }

    private static OldRole Select(string oldRoot, string? wanted)
    {
        var found = OldLayout.Find(oldRoot);
        if (wanted is not null)
        {
            return found.FirstOrDefault(r => r.Role == wanted)
                ?? throw new UsageException($"role '{wanted}' is not in '{oldRoot}' (found: {string.Join(", ", found.Select(r => r.Role))})");
        }

        return found.Count == 1
            ? found[0]
            : throw new UsageException(found.Count == 0
                ? $"no role folder in '{oldRoot}'"
                : $"'{oldRoot}' holds several roles ({string.Join(", ", found.Select(r => r.Role))}): choose one with --role");
    }
}
