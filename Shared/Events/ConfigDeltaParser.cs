using System.Text.Json;
using PryvBus.Shared.Paths;

namespace PryvBus.Shared.Events;

/// <summary>
/// Reads the delta of a config event (<see cref="ConfigDelta"/>: <c>base</c>, <c>changed</c>, <c>removed</c>), untrusted:
/// the base is a sha256, every path passes the path rule (<see cref="ConfigPath"/>), none is named twice, at most
/// <see cref="ConfigDelta.MaxPaths"/> in all. What a problem quotes of a path is escaped.
/// </summary>
internal static class ConfigDeltaParser
{
    /// <summary>The delta of a config event: null with the problem when it is not one.</summary>
    public static ConfigDelta? Parse(JsonElement root, out string? problem)
    {
        var baseSha = EventParser.String(root, "base");
        if (baseSha is null || !EventParser.Sha256Pattern().IsMatch(baseSha))
        {
            problem = "'base' must be 64 hexadecimal characters";
            return null;
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        var changed = Paths(root, "changed", named, out problem);
        var removed = problem is null ? Paths(root, "removed", named, out problem) : null;
        if (problem is not null)
        {
            return null;
        }

        if (changed!.Count + removed!.Count > ConfigDelta.MaxPaths)
        {
            problem = $"'changed' and 'removed' name more than {ConfigDelta.MaxPaths} paths";
            return null;
        }

        return new ConfigDelta(baseSha.ToLowerInvariant(), changed, removed);
    }

    private static List<string>? Paths(JsonElement root, string field, HashSet<string> named, out string? problem)
    {
        problem = null;
        var paths = new List<string>();
        if (!root.TryGetProperty(field, out var list))
        {
            return paths;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problem = $"'{field}' must be an array of paths";
            return null;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (named.Count > ConfigDelta.MaxPaths)
            {
                problem = $"'changed' and 'removed' name more than {ConfigDelta.MaxPaths} paths";
                return null;
            }

            if (item.ValueKind != JsonValueKind.String)
            {
                problem = $"'{field}' must be an array of paths";
                return null;
            }

            var path = item.GetString()!;
            if (ConfigPath.Problem(path) is { } refused)
            {
                problem = $"'{field}' path '{EventParser.Shorten(ConfigPath.Printable(path))}' is refused: {refused}";
                return null;
            }

            if (!named.Add(path))
            {
                problem = paths.Contains(path, StringComparer.Ordinal) ? $"'{EventParser.Shorten(path)}' is named twice" : $"'{EventParser.Shorten(path)}' is both changed and removed";
                return null;
            }

            paths.Add(path);
        }

        return paths;
    }
}
