using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Reads Pryv's <c>platform.yml</c>: <c>vars: { GROUP: { name, description, optional, settings: { NAME: { value,
/// description, optional } } } }</c>. Values become plain data (string, double, bool, null, list, ordered dictionary);
/// every problem is collected with its line.
/// </summary>
internal static class PryvPlatformFile
{
    public static IReadOnlyList<PryvSetting> Read(string text, string display, ICollection<string> problems)
    {
        var settings = new List<PryvSetting>();
        var stream = new YamlStream();
        try
        {
            var fixedText = YamlFlowIndent.Fix(text);
            if (PryvBus.Shared.Yaml.YamlAliasGuard.Problem(fixedText) is { } problem)
            {
                problems.Add($"{display}:{problem} in Pryv's platform file");
                return settings;
            }

            stream.Load(new StringReader(fixedText));
        }
        catch (YamlException ex)
        {
            problems.Add($"{display}:{ex.Start.Line}: not YAML: {ex.Message}");
            return settings;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("vars"), out var varsNode) || varsNode is not YamlMappingNode vars)
        {
            problems.Add($"{display}: expected one document with a 'vars' mapping of groups");
            return settings;
        }

        var budget = new Budget();
        foreach (var (groupKey, groupNode) in vars.Children)
        {
            var where = $"{display}:{groupNode.Start.Line}";
            if (groupKey is not YamlScalarNode { Value: { } key } || groupNode is not YamlMappingNode group)
            {
                problems.Add($"{where}: a group must be a mapping with 'settings'");
                continue;
            }

            var info = new PryvGroup(key, Text(group, "name"), Text(group, "description"), Flag(group, "optional"));
            if (!group.Children.TryGetValue(new YamlScalarNode("settings"), out var settingsNode) || settingsNode is not YamlMappingNode entries)
            {
                problems.Add($"{where}: group {key} has no 'settings' mapping");
                continue;
            }

            foreach (var (nameNode, settingNode) in entries.Children)
            {
                var at = $"{display}:{settingNode.Start.Line}";
                if (nameNode is not YamlScalarNode { Value: { } name } || settingNode is not YamlMappingNode setting)
                {
                    problems.Add($"{at}: a setting must be a mapping with 'value' and 'description'");
                    continue;
                }

                if (!setting.Children.TryGetValue(new YamlScalarNode("value"), out var valueNode))
                {
                    problems.Add($"{at}: {name} has no 'value' (Pryv's leader fails on it)");
                    continue;
                }

                var value = Data(valueNode, $"{at} {name}", problems, 0, budget);
                settings.Add(new PryvSetting(name, value, Text(setting, "description"), Flag(setting, "optional"), info));
            }
        }

        return settings;
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static bool Flag(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar && YamlScalar.Read(scalar).Value is true;

    private const int MaxDepth = 64;
    private const int MaxNodes = 100_000;

    /// <summary>
    /// The node as plain data. Aliases are expanded, so the nodes of the whole file are counted (a "billion laughs" file
    /// stops here) and the depth is bounded (an alias to an ancestor would never end).
    /// </summary>
    private static object? Data(YamlNode node, string where, ICollection<string> problems, int depth, Budget budget)
    {
        if (depth > MaxDepth || ++budget.Nodes > MaxNodes)
        {
            if (!budget.Reported)
            {
                problems.Add($"{where}: the value is nested deeper than {MaxDepth} or holds over {MaxNodes} items (aliases included)");
                budget.Reported = true;
            }

            return null;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                var (value, problem) = YamlScalar.Read(scalar);
                if (problem is not null)
                {
                    problems.Add($"{where}: {problem}");
                }

                return value;
            case YamlSequenceNode sequence:
                return sequence.Children.Select(child => Data(child, where, problems, depth + 1, budget)).ToList();
            case YamlMappingNode mapping:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, child) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        problems.Add($"{where}: line {key.Start.Line}: a key must be plain text");
                        continue;
                    }

                    result[name] = Data(child, where, problems, depth + 1, budget);
                }

                return result;
            default:
                problems.Add($"{where}: unsupported YAML node");
                return null;
        }
    }

    private sealed class Budget
    {
        public int Nodes { get; set; }

        public bool Reported { get; set; }
    }
}
