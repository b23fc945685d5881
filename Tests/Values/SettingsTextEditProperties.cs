using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Values;

/// <summary>
/// For random settings files (comments, whitespace, trailing commas, plain and documented entries anywhere) and random
/// new values, an edit gives exactly the old document with only that value changed, as JSON and as the loader reads it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsTextEditProperties
{
    private static readonly string[] Trivia = ["", " ", "\n", "\n    ", "\t", "\r\n  ", "// note, a comment\n", "/* block { \"x\": 1 } */", " /**/ "];
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [Fact]
    public void Replace_RandomCommentedSettings_OnlyThatValueChanges()
    {
        using var tree = new LeaderTree();
        tree.Save();
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var (text, platform) = Document(random, tree.Prefix);
            var names = platform.Select(p => p.Key).ToArray();
            var name = names[random.Next(names.Length)];
            var newValue = JsonSerializer.SerializeToElement(Value(random, 0));

            var edited = SettingsTextEdit.Replace(Encoding.UTF8.GetBytes(text), name, newValue);

            var editedText = Encoding.UTF8.GetString(edited!);
            var expected = JsonNode.Parse(text, documentOptions: Lenient)!;
            var entry = expected["platform"]![name];
            if (entry is JsonObject documented)
            {
                documented["value"] = JsonNode.Parse(newValue.GetRawText());
            }
            else
            {
                expected["platform"]![name] = newValue.ValueKind == JsonValueKind.Object
                    ? new JsonObject { ["value"] = JsonNode.Parse(newValue.GetRawText()) }
                    : JsonNode.Parse(newValue.GetRawText());
            }

            JsonNode.DeepEquals(JsonNode.Parse(editedText, documentOptions: Lenient), expected).Should().BeTrue($"seed {seed}:\n{text}\n---\n{editedText}");
            var before = SettingsLoader.Parse(text, tree.ConfigPath, SettingsEnvironment.From(_ => null)).Platform;
            var after = SettingsLoader.Parse(editedText, tree.ConfigPath, SettingsEnvironment.From(_ => null)).Platform;
            JsonElement.DeepEquals(after[name].Value, newValue).Should().BeTrue($"seed {seed}");
            foreach (var other in names.Where(n => n != name))
            {
                JsonElement.DeepEquals(after[other].Value, before[other].Value).Should().BeTrue($"seed {seed}: {other}");
                after[other].Description.Should().Be(before[other].Description);
            }
        }, iter: 300);
    }

    internal static (string Text, List<KeyValuePair<string, JsonNode?>> Platform) Document(Random random, string prefix)
    {
        var platform = new List<KeyValuePair<string, JsonNode?>>();
        var count = random.Next(1, 7);
        for (var i = 0; i < count; i++)
        {
            JsonNode? value = Value(random, 0);
            if (value is JsonObject || random.Next(2) == 0)
            {
                var documented = new List<KeyValuePair<string, JsonNode?>> { new("value", value) };
                if (random.Next(2) == 0)
                {
                    documented.Insert(random.Next(2), new("description", "about it: " + random.Next()));
                }

                value = new JsonObject(documented);
            }

            platform.Add(new($"V{i}_{(char)('A' + random.Next(26))}", value));
        }

        var root = new List<KeyValuePair<string, JsonNode?>>
        {
            new("redis", new JsonObject { ["configuration"] = "127.0.0.1:1" }),
            new("keyPrefix", prefix),
            new("platform", new JsonObject(platform.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())))),
            new("followers", new JsonArray()),
        };
        var ordered = root.OrderBy(_ => random.Next()).ToList();
        var text = new StringBuilder();
        Write(text, new JsonObject(ordered.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))), random);
        return (Pad(random) + text + Pad(random), platform);
    }

    internal static JsonNode? Value(Random random, int depth) => random.Next(depth >= 2 ? 4 : 6) switch
    {
        0 => JsonValue.Create(Text(random)),
        1 => JsonValue.Create(random.Next(-100000, 100000)),
        2 => JsonValue.Create(Math.Round(random.NextDouble() * 1000, 3)),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(i => new KeyValuePair<string, JsonNode?>($"k{i}", Value(random, depth + 1)))),
    };

    private static string Text(Random random)
    {
        const string Alphabet = "ab\"\\/é€😀\n\t{}[],:// */ ";
        var length = random.Next(0, 12);
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var c = Alphabet[random.Next(Alphabet.Length)];
            if (char.IsSurrogate(c))
            {
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>Writes the node token by token with random whitespace and comments between tokens and random trailing commas.</summary>
    private static void Write(StringBuilder text, JsonNode? node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{').Append(Pad(random));
                var i = 0;
                foreach (var (key, value) in obj)
                {
                    // JSON with comments (the loader's reader) allows none between a key and its colon: whitespace only there.
                    text.Append(JsonSerializer.Serialize(key)).Append(random.Next(2) == 0 ? " " : "\n\t").Append(':').Append(Pad(random));
                    Write(text, value, random);
                    text.Append(Pad(random));
                    if (++i < obj.Count || random.Next(3) == 0)
                    {
                        text.Append(',').Append(Pad(random));
                    }
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[').Append(Pad(random));
                for (var j = 0; j < array.Count; j++)
                {
                    Write(text, array[j], random);
                    text.Append(Pad(random));
                    if (j + 1 < array.Count || random.Next(3) == 0)
                    {
                        text.Append(',').Append(Pad(random));
                    }
                }

                text.Append(']');
                break;
            case JsonValue value when value.TryGetValue<double>(out var number) && value.GetValueKind() == JsonValueKind.Number:
                text.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }

    private static string Pad(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(3)).Select(_ => Trivia[random.Next(Trivia.Length)]));
}
