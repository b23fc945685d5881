using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class EventParserTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_ConfigJson_ReturnsConfigEvent()
    {
        var result = EventParser.Parse($$"""{"type":"config","role":"core","serial":43,"sha256":"{{Sha}}"}""");

        result.Event.Should().Be(new ConfigEvent("core", 43, Sha));
    }

    [Fact]
    public void Parse_ConfigEventToJson_RoundTrips()
    {
        var original = new ConfigEvent("reg-master", 7, Sha);

        EventParser.Parse(original.ToJson()).Event.Should().Be(original);
    }

    [Fact]
    public void Parse_ReloadJsonWithComponents_ReturnsThem()
    {
        var result = EventParser.Parse("""{"type":"reload","role":"core","components":["nginx","core"]}""");

        result.Event.Should().BeOfType<ReloadEvent>().Which.Components.Should().Equal("nginx", "core");
    }

    [Fact]
    public void Parse_ReloadJsonWithoutComponents_MeansAllComponents()
    {
        var reload = (ReloadEvent)EventParser.Parse("""{"type":"reload","role":"*"}""").Event!;

        reload.AllComponents.Should().BeTrue();
        reload.Concerns("core").Should().BeTrue();
        reload.Concerns("static").Should().BeTrue();
    }

    [Theory]
    [InlineData("reload core nginx", "core", new[] { "nginx" })]
    [InlineData("  RELOAD   static  ", "static", new string[0])]
    [InlineData("reload * mongodb hfs", "*", new[] { "mongodb", "hfs" })]
    public void Parse_PlainTextReload_ReturnsReloadEvent(string text, string role, string[] components)
    {
        var reload = EventParser.Parse(text).Event.Should().BeOfType<ReloadEvent>().Subject;

        reload.Role.Should().Be(role);
        reload.Components.Should().Equal(components);
    }

    [Fact]
    public void Parse_ReloadEventToJson_RoundTrips()
    {
        var original = new ReloadEvent("core", ["nginx"]);

        EventParser.Parse(original.ToJson()).Event.Should().Be(original);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello world", "unknown plain-text command")]
    [InlineData("reload", "needs a role")]
    [InlineData("reload ../etc", "not a role name")]
    [InlineData("reload core ../../x", "not a component name")]
    [InlineData("{not json", "invalid JSON")]
    [InlineData("[1,2]", "must be an object")]
    [InlineData("{\"role\":\"core\"}", "missing string field 'type'")]
    [InlineData("{\"type\":\"explode\"}", "unknown event type")]
    [InlineData("{\"type\":\"config\",\"role\":\"core\",\"serial\":-1,\"sha256\":\"" + Sha + "\"}", "'serial' must be a positive integer")]
    [InlineData("{\"type\":\"config\",\"role\":\"core\",\"serial\":\"4\",\"sha256\":\"" + Sha + "\"}", "'serial' must be a positive integer")]
    [InlineData("{\"type\":\"config\",\"role\":\"core\",\"serial\":4,\"sha256\":\"abc\"}", "'sha256' must be 64")]
    [InlineData("{\"type\":\"config\",\"role\":\"Core Role\",\"serial\":4,\"sha256\":\"" + Sha + "\"}", "'role' must be a role name")]
    [InlineData("{\"type\":\"reload\",\"role\":\"core\",\"components\":\"nginx\"}", "'components' must be an array")]
    [InlineData("{\"type\":\"reload\",\"role\":\"core\",\"components\":[1]}", "'components' must be an array")]
    public void Parse_Garbage_ReturnsInvalidWithReason(string message, string reason)
    {
        var result = EventParser.Parse(message);

        result.IsValid.Should().BeFalse();
        result.Error.Should().Contain(reason);
    }

    [Fact]
    public void Parse_HugeMessage_IsRejectedWithoutParsing()
    {
        var result = EventParser.Parse("reload core " + new string('x', 100_000));

        result.Error.Should().Contain("longer than");
    }
}
