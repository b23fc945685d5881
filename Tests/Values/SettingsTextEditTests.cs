using System.Text;
using System.Text.Json;
using PryvBus.Leader.Values;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Values;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsTextEditTests
{
    private const string Settings = """
        // The leader's settings: kept by hand, edited by the API too.
        {
          "keyPrefix": "pryvbus", /* inline */
          "platform": {
            // The domain every role serves.
            "DOMAIN": {
              "description": "The platform domain.", // what it is
              "value": "pryv.test", // set by the API
              "format": "hostname",
            },
            "PORT": 3000, // plain
            "EMPTY": {},
            "NOVALUE": {
              "description": "No value yet."
            },
          },
        }
        """;

    private static string Edit(string text, string name, string json) =>
        Encoding.UTF8.GetString(SettingsTextEdit.Replace(Encoding.UTF8.GetBytes(text), name, JsonDocument.Parse(json).RootElement)!);

    [Fact]
    public void Replace_DocumentedValue_OnlyTheValueBytesChange()
    {
        var edited = Edit(Settings, "DOMAIN", "\"pryv.example\"");

        edited.Should().Be(Settings.Replace("\"value\": \"pryv.test\"", "\"value\": \"pryv.example\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Replace_PlainEntry_ReplacesTheNumberOnly()
    {
        Edit(Settings, "PORT", "3001").Should().Be(Settings.Replace("\"PORT\": 3000", "\"PORT\": 3001", StringComparison.Ordinal));
    }

    [Fact]
    public void Replace_PlainEntryWithObject_WrapsItAsDocumented()
    {
        // A plain object reads as a documented entry: the new object must sit under "value".
        Edit(Settings, "PORT", "{\"a\": 1}").Should().Contain("\"PORT\": { \"value\": {\"a\":1} }, // plain");
    }

    [Fact]
    public void Replace_EntryWithoutValue_InsertsTheKeyInTheEntrysLayout()
    {
        var edited = Edit(Settings, "NOVALUE", "true");

        edited.Should().Contain("\"NOVALUE\": {\n      \"value\": true,\n      \"description\": \"No value yet.\"\n    }");
        Edit(Settings, "EMPTY", "1").Should().Contain("\"EMPTY\": { \"value\": 1 },");
    }

    [Fact]
    public void Replace_UndeclaredName_ReturnsNull()
    {
        SettingsTextEdit.Replace(Encoding.UTF8.GetBytes(Settings), "MISSING", JsonDocument.Parse("1").RootElement).Should().BeNull();
        SettingsTextEdit.Replace(Encoding.UTF8.GetBytes(Settings), "keyPrefix", JsonDocument.Parse("1").RootElement).Should().BeNull("not a platform value");
    }

    [Fact]
    public void Replace_LongObject_IndentedLikeTheFileUnderItsLine()
    {
        var value = "{\"hosts\": [\"one.pryv.test\", \"two.pryv.test\", \"three.pryv.test\"], \"port\": 443, \"tls\": true, \"note\": \"é<>\"}";

        var edited = Edit(Settings, "DOMAIN", value);

        edited.Should().Contain("      \"value\": {\n        \"hosts\": [\n          \"one.pryv.test\",");
        edited.Should().Contain("\"note\": \"é<>\"\n      }, // set by the API");
    }

    [Fact]
    public void Replace_ByteOrderMarkAndCrLf_Kept()
    {
        var text = "\uFEFF{\r\n\t\"platform\": {\r\n\t\t\"X\": { \"value\": 1 }\r\n\t}\r\n}";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text[1..])).ToArray();

        var edited = SettingsTextEdit.Replace(bytes, "X", JsonDocument.Parse("2").RootElement)!;

        edited.Should().Equal(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text[1..].Replace("\"value\": 1", "\"value\": 2", StringComparison.Ordinal))));
    }

    [Fact]
    public void Replace_EscapedStringValue_WholeStringReplaced()
    {
        var text = "{ \"platform\": { \"A\": \"q\\\"u\\u00e9\", \"B\": 1 } }";

        Edit(text, "A", "\"x\"").Should().Be("{ \"platform\": { \"A\": \"x\", \"B\": 1 } }");
    }
}
