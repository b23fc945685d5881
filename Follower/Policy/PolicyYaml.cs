using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Policy;

/// <summary>Reading a compose file's nodes as compose does, for the policy: merge keys applied, nulls, interpolation.</summary>
internal static class PolicyYaml
{
    private const int MaxMergeDepth = 10;
    private const int MaxShown = 120;

    /// <summary>
    /// A mapping's keys as compose sees them: YAML merge keys (<c>&lt;&lt;</c>) applied, a key written out winning over a
    /// merged one. Null when the policy cannot tell which value compose would take: a duplicate key, a merge of something
    /// other than mappings, two merged mappings giving one key different values, merges nested too deep.
    /// </summary>
    public static Dictionary<string, YamlNode>? Effective(YamlMappingNode mapping) => Effective(mapping, 0);

    private static Dictionary<string, YamlNode>? Effective(YamlMappingNode mapping, int depth)
    {
        if (depth > MaxMergeDepth)
        {
            return null;
        }

        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var merges = new List<YamlNode>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode scalar)
            {
                return null;
            }

            if (scalar.Value == "<<")
            {
                merges.AddRange(value is YamlSequenceNode sequence ? sequence.Children : [value]);
            }
            else if (!result.TryAdd(scalar.Value ?? string.Empty, value))
            {
                return null;
            }
        }

        var written = result.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var merge in merges)
        {
            if (merge is not YamlMappingNode other || Effective(other, depth + 1) is not { } merged)
            {
                return null;
            }

            foreach (var (key, value) in merged)
            {
                if (!written.Contains(key) && !result.TryAdd(key, value) && !result[key].Equals(value))
                {
                    return null;
                }
            }
        }

        return result;
    }

    /// <summary>A scalar's text (empty for an empty scalar); null for a mapping or a sequence.</summary>
    public static string? Text(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : null;

    /// <summary>A plain <c>null</c>, <c>~</c> or nothing: compose reads the key as absent.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>A sequence's items; a scalar alone as one item (compose accepts both for some keys); null for a mapping.</summary>
    public static IReadOnlyList<YamlNode>? Items(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children],
        YamlScalarNode => [node],
        _ => null,
    };

    /// <summary>Compose replaces <c>$VAR</c> and <c>${VAR…}</c> in values: what it would read is not in the file.</summary>
    public static bool Interpolated(string text) => text.Contains('$', StringComparison.Ordinal);

    /// <summary>A value of the file as a status line may show it: one line, bounded.</summary>
    public static string Shown(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return line.Length <= MaxShown ? line : line[..MaxShown] + "…";
    }
}
