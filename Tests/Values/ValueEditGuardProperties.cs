using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Leader.Values;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Values;

/// <summary>
/// The guard behind every value change: for random commented settings files, the file with only that value set (however
/// written) passes, and the same file with any one other change is refused.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ValueEditGuardProperties
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [Fact]
    public void OnlyValueChanged_TheValueSet_AcceptedAndAnyOtherChangeRefused()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var (text, platform) = SettingsTextEditProperties.Document(random, "guard");
            var name = platform[random.Next(platform.Count)].Key;
            var newValue = JsonSerializer.SerializeToElement(SettingsTextEditProperties.Value(random, 0));
            var edited = Edited(text, name, newValue);

            ValueEditGuard.OnlyValueChanged(text, edited.ToJsonString(), name, newValue).Should().BeTrue($"seed {seed}:\n{text}\n---\n{edited}");

            var (wrong, what) = OneMoreChange(edited, name, random);
            ValueEditGuard.OnlyValueChanged(text, wrong.ToJsonString(), name, newValue).Should().BeFalse($"seed {seed}: {what}\n{text}\n---\n{wrong}");
        }, iter: 300);
    }

    [Theory]
    [InlineData("""{ "platform": { "A": 1, "A": 2, "B": 3 } }""", "the edited entry twice")]
    [InlineData("""{ "platform": { "A": 2, "B": 3, "B": 3 } }""", "another entry twice")]
    [InlineData("""{ "platform": { "A": 2, "B": 3 }, "platform": { "A": 2, "B": 3 } }""", "the section twice")]
    [InlineData("""{ "platform": { "A": 2 } }""", "another entry dropped")]
    [InlineData("""{ "platform": { "A": 2, "B": 3 }, "extra": 1 }""", "a key added")]
    [InlineData("""{ "platform": { "A": { "value": 2 }, "B": 3 } }""", "a plain entry documented for a plain value")]
    [InlineData("""{ "platform": { "A": 2, "B": 3 """, "not JSON")]
    public void OnlyValueChanged_WrongEdits_Refused(string after, string what)
    {
        ValueEditGuard.OnlyValueChanged("""{ "platform": { "A": 1, "B": 3 } }""", after, "A", JsonSerializer.SerializeToElement(2)).Should().BeFalse(what);
    }

    [Fact]
    public void OnlyValueChanged_NewValueNamingAKeyTwice_Refused()
    {
        using var value = JsonDocument.Parse("""{ "list": [ { "a": 1, "a": 2 } ] }""");
        const string After = """{ "platform": { "A": { "value": { "list": [ { "a": 1, "a": 2 } ] } } } }""";

        ValueEditGuard.OnlyValueChanged("""{ "platform": { "A": 1 } }""", After, "A", value.RootElement).Should().BeFalse();
    }

    [Fact]
    public void OnlyValueChanged_ObjectValueOnAPlainEntry_WrappedAsDocumented()
    {
        var value = JsonSerializer.SerializeToElement(new { x = 1 });
        const string Before = """{ "platform": { "A": 1 } }""";

        ValueEditGuard.OnlyValueChanged(Before, """{ "platform": { "A": { "value": { "x": 1.0 } } } }""", "A", value).Should().BeTrue();
        ValueEditGuard.OnlyValueChanged(Before, """{ "platform": { "A": { "x": 1 } } }""", "A", value).Should().BeFalse("an object written bare would read as a documented entry");
    }

    /// <summary>The expected file, built as the edit's definition says (not as the edit does it).</summary>
    private static JsonObject Edited(string text, string name, JsonElement value)
    {
        var root = JsonNode.Parse(text, documentOptions: Lenient)!.AsObject();
        var platform = root["platform"]!.AsObject();
        if (platform[name] is JsonObject documented)
        {
            documented["value"] = JsonNode.Parse(value.GetRawText());
        }
        else
        {
            platform[name] = value.ValueKind == JsonValueKind.Object ? new JsonObject { ["value"] = JsonNode.Parse(value.GetRawText()) } : JsonNode.Parse(value.GetRawText());
        }

        return root;
    }

    /// <summary>A copy of <paramref name="edited"/> with one change more (values generated hold no '_': "__x__" differs from each).</summary>
    private static (JsonObject Wrong, string What) OneMoreChange(JsonObject edited, string name, Random random)
    {
        var wrong = edited.DeepClone().AsObject();
        var platform = wrong["platform"]!.AsObject();
        var others = platform.Select(p => p.Key).Where(k => k != name).ToArray();
        switch (random.Next(6))
        {
            case 0:
                wrong["extra"] = 1;
                return (wrong, "a key added at the root");
            case 1:
                platform["EXTRA"] = 1;
                return (wrong, "an entry added");
            case 2 when platform[name] is JsonObject documented:
                documented["description"] = "__changed__";
                return (wrong, "the edited entry's description changed");
            case 3 when others.Length > 0:
                var other = others[random.Next(others.Length)];
                if (platform[other] is JsonObject otherDocumented)
                {
                    otherDocumented["value"] = "__changed__";
                }
                else
                {
                    platform[other] = "__changed__";
                }

                return (wrong, $"{other} changed too");
            case 4:
                wrong.Remove("followers");
                return (wrong, "a key removed at the root");
            default:
                if (platform[name] is JsonObject set && set.ContainsKey("value"))
                {
                    set["value"] = "__other__";
                }
                else
                {
                    platform[name] = "__other__";
                }

                return (wrong, "the value set to another one");
        }
    }
}
