using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Leader.Validation;
using PryvBus.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Tests.Validation;

/// <summary>
/// The rendered-file checks over generated documents: what a well-kept writer produces always passes, and no text at
/// all makes the check throw. CsCheck prints the seed of a failing input, so a failure can be replayed with <c>seed:</c>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OutputCheckPropertyTests
{
    private const long Inputs = 2_000;

    /// <summary>Any text a template can render: what UTF-8 carries (a lone surrogate never reaches a rendered file).</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.String),
        (1, Gen.Char["\"\\\n\t\u0000é😀/<>&'"].Array[0, 8].Select(c => new string(c))))
        .Select(s => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)));

    /// <summary>
    /// Printable text and line breaks: YAML allows printable characters only (a NUL cannot be written unescaped, and
    /// YamlDotNet's emitter writes some control characters and tabs raw where its own parser then refuses them).
    /// </summary>
    private static readonly Gen<string> Printable = Gen.Frequency(
        (3, Gen.Char.Where(c => c == '\n' || (!char.IsControl(c) && !char.IsSurrogate(c))).Array[0, 12].Select(c => new string(c))),
        (1, Gen.Char["\"\\\n:#-?&*!|>'{}[],é€ "].Array[0, 8].Select(c => new string(c))));

    private static Gen<JsonNode?> Leaf(Gen<string> text) => Gen.OneOf(
        text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static readonly Gen<JsonNode?> Json = Node(4, Text);

    private static readonly Gen<bool> Indented = Gen.Bool;

    [Fact]
    public void Check_AnyJsonSystemTextJsonWrites_Passes() =>
        Gen.Select(Json, Indented, Gen.Bool).Sample(
            (node, indented, relaxed) =>
            {
                var options = new JsonSerializerOptions
                {
                    WriteIndented = indented,
                    Encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default,
                };
                var text = node is null ? "null" : node.ToJsonString(options);
                OutputCheck.Check("a.json", text, Encoding.UTF8.GetBytes(text)).Should().BeNull(text);
            },
            iter: Inputs);

    [Fact]
    public void Check_AnyPrintableYamlYamlDotNetWrites_Passes() =>
        Node(4, Printable).Sample(
            node =>
            {
                var writer = new StringWriter();
                new YamlStream(new YamlDocument(ToYaml(node))).Save(writer, assignAnchors: false);
                var text = writer.ToString();
                OutputCheck.Check("a.yml", text, Encoding.UTF8.GetBytes(text)).Should().BeNull(text.Replace("\t", "<TAB>"));
            },
            iter: Inputs);

    [Fact]
    public void Check_AnyText_NeverThrowsAndLocatesWithinTheText() =>
        Gen.Select(Gen.OneOf(Gen.String, Gen.Char["{}[]:,-\"'&*!|>?#\t\n "].Array[0, 40].Select(c => new string(c))), Gen.OneOf(Gen.Const("a.json"), Gen.Const("a.yaml")))
            .Sample(
                (text, path) =>
                {
                    var problem = OutputCheck.Check(path, text, Encoding.UTF8.GetBytes(text));
                    return problem is null || (problem.Line >= 1 && problem.Line <= text.Count(c => c == '\n') + 2 && problem.Column >= 1);
                },
                iter: Inputs * 5);

    private static Gen<JsonNode?> Node(int depth, Gen<string> text) =>
        depth == 0
            ? Leaf(text)
            : Gen.Frequency(
                (4, Leaf(text)),
                (1, Node(depth - 1, text).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
                (1, Gen.Select(text.Array[0, 4], Node(depth - 1, text).Array[4]).Select((names, values) =>
                {
                    var result = new JsonObject();
                    foreach (var (name, index) in names.Distinct(StringComparer.Ordinal).Select((n, i) => (n, i)))
                    {
                        result[name] = values[index];
                    }

                    return (JsonNode?)result;
                })));

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject obj => new YamlMappingNode(obj.Select(p => new KeyValuePair<YamlNode, YamlNode>(Quoted(p.Key), ToYaml(p.Value)))),
        JsonArray array => new YamlSequenceNode(array.Select(ToYaml)),
        null => new YamlScalarNode("null"),
        _ => node.GetValueKind() == JsonValueKind.String ? Quoted(node.GetValue<string>()) : new YamlScalarNode(node.ToJsonString()),
    };

    /// <summary>
    /// Text as double-quoted scalars: YamlDotNet's emitter picks a plain or folded style for some text (<c>:'- &gt; *</c>,
    /// a lone line break) that its own parser reads differently; quoting is what a careful template writes anyway.
    /// </summary>
    private static YamlScalarNode Quoted(string text) => new(text) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
}
