using PryvBus.Leader.Migration;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>import OLD_ROOT [--role ROLE]... [--prefer NAME]... [--exclude NAME|GLOB]... [--replace NAME]...
/// [--replace-common] [--force] [--json]</c>: the seed's migration step 4. Copies the old per-machine configuration
/// (<c>OLD_ROOT/{role}/{component}/…</c>, <c>OLD_ROOT/{role}.yml</c>; <c>pryv</c> is role <c>singlenode</c>) into
/// <c>data/{role}/</c>, turning the current platform values into <c>{{ NAME }}</c>, and prints what it replaced and
/// what it left alone. Exits 1, writing nothing, on a problem or a value several names share with no <c>--prefer</c>.
/// Works offline: no Redis.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(LeaderSettings settings, CommandArgs args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var oldRoot = Path.GetFullPath(args.Words.ElementAtOrDefault(1) ?? throw new UsageException("import needs OLD_ROOT (the old ${PRYV_CONF_ROOT}, e.g. /var/pryv-old)"));
        var roles = Select(oldRoot, args.Options("--role"));
        var options = new ImportOptions(args.Options("--prefer"), args.Options("--exclude"), args.Options("--replace"), args.Has("--replace-common"), args.Has("--force"));
        var all = ImportValues.From(settings, e => options.ReplaceCommon || options.Replace.Any(r => ImportOptions.Names(r, e)), out var leftAlone);
        var excludedNames = new List<string>();
        var choices = new List<string>();
        var problems = new List<string>();
        var values = ValueChoices.Resolve(all, options, excludedNames, choices, problems);
        var globs = options.Exclude.Where(e => !excludedNames.Contains(e) && !settings.Platform.ContainsKey(ImportOptions.RootOf(e))).ToArray();
        var report = new ConfigImporter(values, settings.TemplatesPath, options.Force, globs).Import(roles, leftAlone, choices, problems);

        if (args.Has("--json"))
        {
            await CommandJson.WriteAsync(
                output,
                new ImportOutput(
                    oldRoot,
                    settings.TemplatesPath,
                    report.Files.Select(f => new ImportFileOutput(
                        f.Role, f.Source, f.Template, f.Outcome.ToString().ToLowerInvariant(), f.Kind, f.Replacements, f.Escapes)),
                    report.Skipped,
                    report.ValuesNotFound,
                    report.ValuesLeftAlone,
                    report.Ambiguous.Select(a => new SharedValueOutput(a.Value, a.Names.Split(", "), a.Occurrences)),
                    report.Held.Select(h => new HeldValueOutput(h.Name, h.Value, h.Reason, h.Occurrences)),
                    report.Choices,
                    report.NearMisses,
                    report.Problems,
                    !report.Failed),
                CommandsJsonContext.Default.ImportOutput);
            return report.Failed ? 1 : 0;
        }

        if (report.Failed)
        {
            // Only what stopped the import: an empty list is not printed ("problems: none" above the real reason misleads).
            await output.WriteLineAsync($"import {oldRoot}: NOT IMPORTED (nothing was written)");
            if (report.Problems.Count > 0)
            {
                await WriteListAsync(output, "problems", report.Problems);
            }

            if (report.Ambiguous.Count > 0)
            {
                await WriteListAsync(output, "values shared by several names (choose one with --prefer NAME, repeatable)",
                    [.. report.Ambiguous.Select(a => $"{a.Value}: {a.Names} (found {a.Occurrences}×)")]);
            }
            return 1;
        }

        await output.WriteLineAsync($"import {oldRoot} → {settings.TemplatesPath}");
        foreach (var role in report.Files.GroupBy(f => f.Role))
        {
            var table = new Table("", "template", "from", "replaced");
            foreach (var file in role)
            {
                table.Add(Mark(file.Outcome), file.Template, file.Source, Describe(file));
            }

            await output.WriteAsync($"\n{role.Key}:\n{table}");
        }

        await output.WriteLineAsync("\n(+ written, ! overwritten (--force), = already identical, ~ kept: the template exists, --force replaces it)");
        await WriteListAsync(output, "skipped", report.Skipped);
        await WriteListAsync(output, "values found in no file", report.ValuesNotFound);
        await WriteListAsync(output, "values not looked for", report.ValuesLeftAlone);
        await WriteListAsync(output, "preferred", report.Choices);
        await WriteListAsync(output, "found but not replaced (--replace NAME or --replace-common to template them)",
            [.. report.Held.Select(h => $"{h.Name} = {h.Value}: {h.Reason}, found {h.Occurrences}×")]);
        await WriteListAsync(output, "near misses (the value inside a longer token, left as it is: check these)", report.NearMisses);
        await output.WriteLineAsync("\nReview the templates, then: pryvbus-leader describe; pryvbus-leader render --dry-run");
        return 0;
    }

    private static IReadOnlyList<OldRole> Select(string oldRoot, IReadOnlyList<string> wanted)
    {
        if (!Directory.Exists(oldRoot))
        {
            throw new UsageException($"OLD_ROOT '{oldRoot}' is not a folder");
        }

        var found = OldLayout.Find(oldRoot);
        if (found.Count == 0)
        {
            throw new UsageException($"no role folder in '{oldRoot}' (expected {{role}}/{{component}}/conf/… or pryv/{{component}}/conf/…)");
        }

        var missing = wanted.Where(w => found.All(r => r.Role != w)).ToArray();
        if (missing.Length > 0)
        {
            throw new UsageException($"role '{missing[0]}' is not in '{oldRoot}' (found: {string.Join(", ", found.Select(r => r.Role))})");
        }

        return wanted.Count == 0 ? found : found.Where(r => wanted.Contains(r.Role)).ToArray();
    }

    private static string Mark(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Written => "+",
        ImportOutcome.Overwritten => "!",
        ImportOutcome.Unchanged => "=",
        _ => "~",
    };

    private static string Describe(ImportedFile file)
    {
        var parts = file.Replacements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} ×{r.Value}").ToList();
        if (file.Escapes > 0)
        {
            parts.Add($"{file.Escapes} literal {{{{ escaped");
        }

        var detail = file.Kind switch
        {
            "binary" => "binary: copied as is",
            "secret" => "secret folder: copied, values not replaced",
            _ => null,
        };
        return string.Join(", ", parts.Prepend(detail).OfType<string>().DefaultIfEmpty("-"));
    }

    private static async Task WriteListAsync(TextWriter output, string title, IReadOnlyList<string> items)
    {
        await output.WriteLineAsync(items.Count == 0 ? $"{title}: none" : $"{title}:");
        foreach (var item in items)
        {
            await output.WriteLineAsync("  " + item);
        }
    }
}
