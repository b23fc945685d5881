using System.Text;
using System.Text.Json.Nodes;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;
using Scriban.Runtime;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The <c>json</c> template function against outputs taken from JavaScript's <c>JSON.stringify</c> (Node.js), including
/// the values of Pryv's corpus that Scriban's <c>object.to_json</c> escaped differently.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class JsonFilterTests
{
    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123e-20, "1.23e-18")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(9007199254740993d, "9007199254740992")]
    [InlineData(-0d, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(100d, "100")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(-1.5e-10, "-1.5e-10")]
    [InlineData(12345678901234567890d, "12345678901234567000")]
    [InlineData(double.NaN, "null")]
    [InlineData(double.PositiveInfinity, "null")]
    public void Stringify_Number_IsPrintedAsJavaScriptPrintsIt(double value, string expected)
    {
        JsonStringify.Stringify(value).Should().Be(expected);
    }

    [Fact]
    public void Stringify_LongBeyondDoublePrecision_IsPrintedAsTheDoubleJavaScriptWouldHold()
    {
        JsonStringify.Stringify(9007199254740993L).Should().Be("9007199254740992");
    }

    [Fact]
    public void Stringify_TrickyString_EscapesOnlyWhatJsonStringifyEscapes()
    {
        var value = "a\"\\\b\f\n\r\t\u0001\u001f\u007f é<&>\u2028\ud800x\udc00😀";

        JsonStringify.Stringify(value).Should().Be("\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f é<&>\u2028\\ud800x\\udc00😀\"");
    }

    [Fact]
    public void Stringify_ObjectWithIndexKeys_ListsThemFirstInNumericOrder()
    {
        var obj = new ScriptObject { ["b"] = 1L, ["2"] = 2L, ["1"] = 3L, ["01"] = 4L, ["4294967295"] = 5L, ["4294967294"] = 6L };

        JsonStringify.Stringify(obj).Should().Be("{\"1\":3,\"2\":2,\"4294967294\":6,\"b\":1,\"01\":4,\"4294967295\":5}");
    }

    [Fact]
    public void Render_JsonFilterOnCorpusValues_MatchesJsonStringify()
    {
        // From Pryv's platform.yml: nested objects (HOSTINGS_PROVIDERS), a list (TRUSTED_AUTH_URLS), text with quotes,
        // accents and markup (the French welcome e-mail), booleans and numbers.
        using var tree = new LeaderTree()
            .Value("HOSTINGS_PROVIDERS", JsonNode.Parse("""{"value":{"hosting1":{"url":"https://www.hosting1.ch","name":"Hosting 1","description":"Europe - Switzerland"}}}"""))
            .Value("TRUSTED_AUTH_URLS", new JsonObject { ["value"] = new JsonArray("https://sw.pryv.test/access/access.html") })
            .Value("WELCOME", new JsonObject { ["value"] = "<h1><span style=\"color:#bd1026\">Bonjour</span> #{USERNAME},</h1>\n<p>création & sécurité</p>" })
            .Value("FLAGS", new JsonObject { ["value"] = new JsonObject { ["on"] = true, ["ratio"] = 0.5, ["n"] = 3, ["none"] = null } })
            .Template("core", "a.txt", "{{ HOSTINGS_PROVIDERS | json }}\n{{ TRUSTED_AUTH_URLS | json }}\n{{ WELCOME | json }}\n{{ json FLAGS }}\n{{ PORT | json }}");
        var settings = tree.Load();

        var render = new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));

        render.Errors.Should().BeEmpty();
        Encoding.UTF8.GetString(render.Version!.Files["a.txt"]).Should().Be(
            """
            {"hosting1":{"url":"https://www.hosting1.ch","name":"Hosting 1","description":"Europe - Switzerland"}}
            ["https://sw.pryv.test/access/access.html"]
            "<h1><span style=\"color:#bd1026\">Bonjour</span> #{USERNAME},</h1>\n<p>création & sécurité</p>"
            {"on":true,"ratio":0.5,"n":3,"none":null}
            3000
            """);
    }

    [Fact]
    public void Load_PlatformValueNamedJson_IsRejectedAsReserved()
    {
        using var tree = new LeaderTree().Value("json", "x");

        var act = () => tree.Load();

        act.Should().Throw<PryvBus.Leader.Settings.SettingsException>().WithMessage("*'json' is reserved*");
    }
}
