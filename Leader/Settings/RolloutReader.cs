using System.Text.Json;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads the optional <c>rollout</c> section, one policy per role: <c>"core": { "waves": [["core-1"], ["*"]],
/// "soakSeconds": 60, "onFailure": "halt"|"halt-and-pin", "followerTimeoutSeconds": 600, "onTimeout": "halt"|"skip" }</c>.
/// Waves name followers of that role (from <c>followers</c>) or <c>*</c> (once) for the rest; a follower is in one wave.
/// </summary>
internal static class RolloutReader
{
    private const string Shape = "{ \"waves\": [[\"core-1\"], [\"*\"]], \"soakSeconds\": 60, \"onFailure\": \"halt\", \"followerTimeoutSeconds\": 600, \"onTimeout\": \"halt\" }";

    public static IReadOnlyDictionary<string, RolloutPolicy> Read(SettingsSection root, IReadOnlyList<string> roles, IReadOnlyList<FollowerEntry> followers)
    {
        var result = new Dictionary<string, RolloutPolicy>(StringComparer.Ordinal);
        foreach (var entry in root.Section("rollout", "of ROLE: " + Shape)?.Entries() ?? [])
        {
            if (!roles.Contains(entry.Name))
            {
                entry.Error($"no such role (known roles: {string.Join(", ", roles)})");
                continue;
            }

            if (entry.AsSection(Shape) is not { } section)
            {
                continue;
            }

            var before = section.Document.Errors.Count;
            var ids = followers.Where(f => f.Role == entry.Name).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            var waves = ReadWaves(section, ids);
            var soak = section.WholeNumber("soakSeconds", 0, 86_400) ?? RolloutPolicy.DefaultSoakSeconds;
            var pin = Choice(section, "onFailure", "halt", "halt-and-pin") == "halt-and-pin";
            var timeout = section.WholeNumber("followerTimeoutSeconds", 1, 7 * 86_400) ?? RolloutPolicy.DefaultFollowerTimeoutSeconds;
            var skip = Choice(section, "onTimeout", "halt", "skip") == "skip";
            if (section.Document.Errors.Count == before)
            {
                result[entry.Name] = new RolloutPolicy(waves, soak, pin, timeout, skip);
            }
        }

        return result;
    }

    private static List<IReadOnlyList<string>> ReadWaves(SettingsSection section, HashSet<string> roleFollowers)
    {
        var waves = new List<IReadOnlyList<string>>();
        if (section.Value("waves") is not { } value)
        {
            section.Error("waves", "is required: an array of waves, each an array of follower ids or \"*\", such as [[\"core-1\"], [\"*\"]]");
            return waves;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            section.Error("waves", $"must be a non-empty array of waves such as [[\"core-1\"], [\"*\"]], not {SettingsKeys.Describe(value)}");
            return waves;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var wave in value.EnumerateArray())
        {
            var key = SettingsKeys.Item(section.Key("waves"), index++);
            if (wave.ValueKind != JsonValueKind.Array || wave.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                section.Document.Errors.Add(key, $"must be an array of follower ids or \"*\", not {SettingsKeys.Describe(wave)}");
                continue;
            }

            var ids = wave.EnumerateArray().Select(v => v.GetString()!).ToArray();
            if (ids.Length == 0)
            {
                section.Document.Errors.Add(key, "is empty: name at least one follower id or \"*\"");
            }

            foreach (var id in ids)
            {
                if (!seen.Add(id))
                {
                    section.Document.Errors.Add(key, $"'{SettingsKeys.Printable(id)}' is already in a wave");
                }
                else if (id != RolloutPolicy.Rest && !roleFollowers.Contains(id))
                {
                    section.Document.Errors.Add(key, $"'{SettingsKeys.Printable(id)}' is not a follower of this role in 'followers' (use an id or \"*\")");
                }
            }

            waves.Add(ids.Distinct(StringComparer.Ordinal).ToArray());
        }

        return waves;
    }

    private static string Choice(SettingsSection section, string name, string fallback, string other)
    {
        var value = section.Text(name) ?? fallback;
        if (value != fallback && value != other)
        {
            section.Error(name, $"must be \"{fallback}\" or \"{other}\", not \"{SettingsKeys.Printable(value)}\"");
            return fallback;
        }

        return value;
    }
}
