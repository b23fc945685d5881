namespace PryvBus.Leader.Migration;

/// <summary>
/// Decides, before any file is read, what each value becomes: excluded names dropped; a value several names share
/// given to the name the operator prefers (<c>--prefer NAME</c>: a preference that is one of the names first, then
/// one naming the setting of exactly one of them, each in the order given), or held back as ambiguous (never a silent
/// choice); common words, media types, versions and numbers held back unless asked for (a common value several names share is held without asking
/// which name: the choice matters once it is asked for). Names given that mean nothing are problems.
/// </summary>
public static class ValueChoices
{
    public const string SharedHold = "shared by several names";

    public static IReadOnlyList<ImportValue> Resolve(
        IReadOnlyList<ImportValue> values, ImportOptions options, ICollection<string> excludedNames, List<string> choices, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(excludedNames);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var name in options.Prefer.Concat(options.Replace).Where(n => !values.Any(v => ImportOptions.Names(n, v.Expression))))
        {
            problems.Add($"'{name}' (--prefer/--replace) names no platform value the import looks for");
        }

        var kept = values.Where(v => !options.Exclude.Any(e => ImportOptions.Names(e, v.Expression))).ToList();
        foreach (var name in options.Exclude.Where(e => values.Any(v => ImportOptions.Names(e, v.Expression))))
        {
            excludedNames.Add(name);
        }

        var result = new List<ImportValue>();
        foreach (var group in kept.GroupBy(v => v.Value, StringComparer.Ordinal))
        {
            var candidates = group.OrderBy(v => v.Expression, StringComparer.Ordinal).ToArray();
            var common = candidates[0].ValuePositionOnly ? null : CommonValues.Reason(group.Key);
            var anyAsked = options.ReplaceCommon || candidates.Any(c => options.Replace.Any(r => ImportOptions.Names(r, c.Expression)));
            if (candidates.Length > 1 && common is not null && !anyAsked)
            {
                // Held anyway: which name it belongs to matters only once the operator asks for it to be replaced.
                result.Add(new ImportValue(string.Join(", ", candidates.Select(c => c.Expression)), group.Key) { Hold = common });
                continue;
            }

            var chosen = candidates.Length == 1 ? candidates[0] : Preferred(candidates, options.Prefer, choices);
            if (chosen is null)
            {
                result.Add(new ImportValue(string.Join(", ", candidates.Select(c => c.Expression)), group.Key) { Hold = SharedHold });
                continue;
            }

            var asked = options.ReplaceCommon || options.Replace.Any(r => ImportOptions.Names(r, chosen.Expression));
            result.Add(asked || common is null ? chosen : chosen with { Hold = common });
        }

        return result;
    }

    private static ImportValue? Preferred(ImportValue[] candidates, IReadOnlyList<string> prefer, List<string> choices)
    {
        // Top-level names first (a preference that is one of the names), then the members of a setting of that name.
        foreach (var byRoot in new[] { false, true })
        {
            foreach (var name in prefer)
            {
                var matches = candidates.Where(c => byRoot ? ImportOptions.RootOf(c.Expression) == name && c.Expression != name : c.Expression == name).ToArray();
                if (matches.Length == 1)
                {
                    var others = candidates.Where(c => c != matches[0]).Select(c => c.Expression);
                    choices.Add($"{matches[0].Value}: {matches[0].Expression} (--prefer {name}), not {string.Join(", ", others)}");
                    return matches[0];
                }
            }
        }

        return null;
    }
}
