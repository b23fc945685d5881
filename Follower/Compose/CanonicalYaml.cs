using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Compose;

/// <summary>
/// Writes a YAML node in one canonical form: mappings with their keys sorted, sequences in order, scalars by value
/// (quoting style ignored). Two definitions that differ only in key order or layout give the same text. Bounded: a
/// node nested too deep, or one whose aliases expand beyond <see cref="MaxLength"/> in all, is refused; so is a mapping
/// key that is not a plain value (compose has none, and an aliased key would be expanded outside that one budget).
/// </summary>
internal static class CanonicalYaml
{
    public const int MaxDepth = 64;
    public const int MaxLength = 1 << 20;

    public static string Write(YamlNode node, string where)
    {
        var text = new StringBuilder();
        Append(text, node, 0, where);
        return text.ToString();
    }

    private static void Append(StringBuilder text, YamlNode node, int depth, string where)
    {
        if (depth > MaxDepth)
        {
            throw new ComposeFileException($"{where}: nested deeper than {MaxDepth} levels (a recursive alias?)");
        }

        if (text.Length > MaxLength)
        {
            throw new ComposeFileException($"{where}: larger than {MaxLength} characters once its aliases are expanded");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var entries = mapping.Children
                    .Select(e => (Key: Scalar(e.Key, depth, where), e.Value))
                    .OrderBy(e => e.Key, StringComparer.Ordinal)
                    .ToArray();
                text.Append('{');
                for (var i = 0; i < entries.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",").Append(entries[i].Key).Append(':');
                    Append(text, entries[i].Value, depth + 1, where);
                }

                text.Append('}');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    Append(text, sequence.Children[i], depth + 1, where);
                }

                text.Append(']');
                break;
            case YamlScalarNode scalar:
                text.Append(Quote(scalar.Value));
                break;
            default:
                throw new ComposeFileException($"{where}: unresolved alias at line {node.Start.Line}, column {node.Start.Column}");
        }
    }

    private static string Scalar(YamlNode key, int depth, string where) => key is YamlScalarNode scalar
        ? Quote(scalar.Value)
        : throw new ComposeFileException($"{where}: the mapping key at line {key.Start.Line}, column {key.Start.Column} is not a plain value (at depth {depth})");

    /// <summary>A null scalar (<c>~</c>, empty) and the string "null" differ: null is written bare.</summary>
    private static string Quote(string? value) => value is null ? "null" : JsonSerializer.Serialize(value, CanonicalJsonContext.Default.String);
}
