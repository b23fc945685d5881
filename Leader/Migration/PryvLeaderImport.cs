using System.Text;
using System.Text.RegularExpressions;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Migration;

/// <summary>
/// <c>import-pryv-leader</c>: turns Pryv's config-leader folder into a PryvBus leader tree (<c>conf/config-leader.json</c>,
/// <c>data/{role}/</c>, the internal keys sealed in <c>state/</c>). Everything is built in a temporary folder beside
/// the target, checked (the settings load, every role renders, every file renders exactly as Pryv's leader serves it),
/// then renamed into place: a failure at any step leaves nothing behind.
/// </summary>
public static partial class PryvLeaderImport
{
    private const string Unset = "REPLACE_ME";

    public static async Task<PryvImportResult> RunAsync(string source, string target, string redis, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var result = new PryvImportResult();
        var input = PryvInput.Read(source, result.Problems);
        var platform = input.PlatformText is null ? [] : PryvPlatformFile.Read(input.PlatformText, input.PlatformDisplay, result.Problems);
        var (internals, pryvFollowers) = input.LeaderText is null ? ([], []) : PryvLeaderFile.Read(input.LeaderText, input.LeaderDisplay, result.Problems);
        result.LeftOut.AddRange(input.LeftOut);
        if (input.Placeholders > 0)
        {
            result.LeftOut.Add($"{input.Placeholders} placeholder(s) (.gitkeep, empty data/log/backup folders): PryvBus creates no empty folders");
        }

        // Pryv's order: { ...internals, ...platform }: an internal keeps its place, a platform setting its value.
        var order = new List<KeyValuePair<string, object?>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in internals.Concat(platform.Select(s => KeyValuePair.Create(s.Name, s.Value))))
        {
            if (!Identifier().IsMatch(name))
            {
                result.Problems.Add($"{name}: not a name PryvBus templates can use (letters, digits and '_', not starting with a digit)");
            }

            if (index.TryGetValue(name, out var at))
            {
                order[at] = KeyValuePair.Create(name, value);
            }
            else
            {
                index[name] = order.Count;
                order.Add(KeyValuePair.Create(name, value));
            }
        }

        foreach (var quirk in platform.Where(s => s.Value is IDictionary<string, object?> obj && obj.TryGetValue("value", out var inner) && inner is not null))
        {
            result.Problems.Add($"{quirk.Name}: an object with a 'value' member, which Pryv's leader inserts instead of the object: rename that member first");
        }

        var platformNames = platform.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var secretNames = internals.Select(i => i.Key).Where(n => !platformNames.Contains(n)).ToHashSet(StringComparer.Ordinal);
        foreach (var shadowed in internals.Select(i => i.Key).Where(platformNames.Contains))
        {
            result.Notes.Add($"{shadowed}: both an internal key and a platform setting; the platform setting wins, as in Pryv");
        }

        var substitution = new PryvSubstitution(order);
        var expressions = new PryvExpressions(substitution, secretNames, result.Notes, result.Problems);
        var secrets = new List<(string Name, string Value)>();
        foreach (var name in secretNames)
        {
            var value = expressions.Expanded.TryGetValue(name, out var expanded) ? expanded : substitution.Values[name];
            if (value is not string text || text.Length == 0)
            {
                result.Problems.Add($"internals.{name}: not a text value: cannot be kept as a secret");
            }
            else if (text is Unset or "SECRET")
            {
                result.Notes.Add($"internals.{name}: still {text} in Pryv: PryvBus generates a value at the first render");
            }
            else
            {
                secrets.Add((name, text));
            }
        }

        var templates = Templates(input, substitution, expressions, result);
        var followers = Followers(pryvFollowers, input.Roles.Keys.ToHashSet(StringComparer.Ordinal), result);
        if (result.Problems.Count > 0)
        {
            return result;
        }

        var values = platform.Select(s => new PryvConfigWriter.Value(
            s, expressions.Expanded.TryGetValue(s.Name, out var expanded) ? expanded : s.Value, PryvSensitivity.IsSensitive(s.Name, s.Value))).ToArray();
        var config = PryvConfigWriter.Write(
            source, redis, values, [.. secretNames.Select(n => new PryvConfigWriter.Secret(n, Math.Clamp(secrets.FirstOrDefault(s => s.Name == n).Value?.Length ?? SecretSpec.DefaultLength, SecretSpec.MinLength, SecretSpec.MaxLength)))], followers);
        await PryvTreeWriter.WriteAsync(target, config, templates, secrets, input, substitution, environment, result);
        if (!result.Written)
        {
            return result;
        }

        result.Done.Add($"platform values: {values.Length} in {platform.Select(s => s.Group.Key).Distinct().Count()} group(s), descriptions kept");
        result.Done.Add($"sensitive (never printed): {string.Join(", ", values.Where(v => v.Sensitive).Select(v => v.Setting.Name).DefaultIfEmpty("none"))}");
        result.Done.Add($"secrets: {secretNames.Count} internal key(s) declared, {secrets.Count} value(s) stored in {Path.Combine(target, "state")} (sealed): {string.Join(", ", secrets.Select(s => s.Name).DefaultIfEmpty("none"))}");
        result.Done.AddRange(expressions.Referring.Select(r => $"reference kept: {r.Key} → {string.Join(", ", r.Value)}"));
        result.Done.Add($"followers: {followers.Count} ({string.Join(", ", followers.Select(f => $"{f.Id} ({f.Role})"))})");
        return result;
    }

    private static SortedDictionary<string, byte[]> Templates(PryvInput input, PryvSubstitution substitution, PryvExpressions expressions, PryvImportResult result)
    {
        var templates = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (role, files) in input.Roles)
        {
            var replaced = 0;
            foreach (var (path, content) in PryvFileList.Served(files, role, result.LeftOut))
            {
                if (Rendering.TemplateFiles.IsBinary(content))
                {
                    result.Problems.Add($"data/{role}/{path}: not UTF-8 text (Pryv's leader reads every file as text): not converted");
                    continue;
                }

                var text = Encoding.UTF8.GetString(content);
                var converted = PryvTemplateText.Convert(substitution.Split(text), name => expressions.TryGet(name, out var e) ? e : name, out var count);
                replaced += count;
                templates[$"{role}/{path}"] = Encoding.UTF8.GetBytes(converted);
            }

            result.Done.Add($"data/{role}/: {files.Count} file(s), {replaced} value(s) turned into template expressions");
        }

        return templates;
    }

    private static List<FollowerEntry> Followers(IReadOnlyList<PryvLeaderFile.Follower> followers, IReadOnlySet<string> roles, PryvImportResult result)
    {
        var entries = new List<FollowerEntry>();
        foreach (var group in followers.GroupBy(f => f.Role))
        {
            var n = 0;
            foreach (var follower in group)
            {
                var id = $"{group.Key}-{++n}";
                if (!roles.Contains(follower.Role))
                {
                    result.Problems.Add($"followers: a follower of role '{follower.Role}', which has no data/{follower.Role}/ folder");
                }
                else if (follower.Key.Length < FollowersReader.MinKeyLength)
                {
                    result.Problems.Add($"followers: the key of {id} ({follower.Url}) is shorter than {FollowersReader.MinKeyLength} characters: give it a longer key in Pryv first");
                }
                else
                {
                    entries.Add(new FollowerEntry(id, follower.Role, follower.Key));
                    result.Notes.Add($"follower {id}: was {follower.Url ?? "(no url)"}; a PryvBus follower fetches from Redis with the same key (install it there before switching)");
                }
            }
        }

        return entries;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
