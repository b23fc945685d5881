using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Tests.Leader;

/// <summary>
/// What Pryv's own config leader (1.2.x, <c>applySubstitutions</c>) serves for a template, written for the tests from the
/// corpus README, independently of the importer: internals then platform settings (flattened; a setting replaces an
/// internal's value in place) alternated in one global expression, first name in order wins at each position, strings
/// inserted as they are, other values as JSON.stringify (here: System.Text.Json, compact, relaxed escaping) gives them,
/// and the inserted text substituted again.
/// </summary>
internal sealed class PryvLeaderModel
{
    private static readonly JsonSerializerOptions Stringify = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly Regex _names;

    public PryvLeaderModel(string leaderFolder)
    {
        var order = new List<string>();
        using (var leader = JsonDocument.Parse(File.ReadAllText(Path.Combine(leaderFolder, "conf", "config-leader.json"))))
        {
            foreach (var property in leader.RootElement.GetProperty("internals").EnumerateObject())
            {
                order.Add(property.Name);
                _values[property.Name] = property.Value.GetString();
            }
        }

        var yaml = new YamlStream();
        yaml.Load(new StringReader(IndentDescriptions(File.ReadAllText(Path.Combine(leaderFolder, "conf", "platform.yml")))));
        var vars = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("vars")];
        foreach (var group in vars.Children.Values.Cast<YamlMappingNode>())
        {
            foreach (var (name, setting) in ((YamlMappingNode)group.Children[new YamlScalarNode("settings")]).Children)
            {
                var key = ((YamlScalarNode)name).Value!;
                if (!_values.ContainsKey(key))
                {
                    order.Add(key);
                }

                _values[key] = Data(((YamlMappingNode)setting).Children[new YamlScalarNode("value")]);
            }
        }

        _names = new Regex(string.Join('|', order));
    }

    public string Substitute(string template) => _names.Replace(template, match =>
    {
        var value = _values[match.Value];
        return Substitute(value is string text ? text : JsonSerializer.Serialize(value, Stringify));
    });

    private static object? Data(YamlNode node) => node switch
    {
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => scalar.Value switch
        {
            null or "" or "null" or "~" => null,
            "true" => true,
            "false" => false,
            var text when long.TryParse(text, out var number) && !text.StartsWith('0') || text == "0" => long.Parse(text),
            var text => text,
        },
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Data).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Data(c.Value)),
        _ => throw new InvalidOperationException(node.ToString()),
    };

    /// <summary>YamlDotNet wants the continuation lines of Pryv's multi-line quoted descriptions indented under their key.</summary>
    private static string IndentDescriptions(string text)
    {
        var output = new StringBuilder();
        var open = false;
        foreach (var line in text.Split('\n'))
        {
            output.Append(open ? "    " + line : line).Append('\n');
            if (!open && Regex.IsMatch(line, "^\\s*description: \"") && !Regex.IsMatch(line, "^\\s*description: \"([^\"\\\\]|\\\\.)*\"\\s*$"))
            {
                open = true;
            }
            else if (open && Regex.IsMatch(line, "(^|[^\\\\])\"\\s*$"))
            {
                open = false;
            }
        }

        return output.ToString();
    }
}
