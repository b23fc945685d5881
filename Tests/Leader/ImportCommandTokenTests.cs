using PryvBus.Leader.Migration;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>The whole-token rule of <c>import</c>: '.', '/', ':', '@', quotes and spaces separate; letters, digits, '_' and '-' do not.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class ImportCommandTokenTests
{
    private static readonly ImportValue Domain = new("DOMAIN", "pryv.me");

    [Theory]
    [InlineData("pryv.me", "{{ DOMAIN }}")]
    [InlineData("api.pryv.me", "api.{{ DOMAIN }}")]
    [InlineData("https://pryv.me/x", "https://{{ DOMAIN }}/x")]
    [InlineData("\"*.pryv.me\"", "\"*.{{ DOMAIN }}\"")]
    [InlineData("ops@pryv.me,", "ops@{{ DOMAIN }},")]
    [InlineData("pryv.meta", "pryv.meta")]
    [InlineData("my-pryv.me", "my-pryv.me")]
    [InlineData("my_pryv.me", "my_pryv.me")]
    [InlineData("pryv.me-old", "pryv.me-old")]
    [InlineData("xpryv.me pryv.me", "xpryv.me {{ DOMAIN }}")]
    public void Replace_Domain_OnlyWholeTokens(string text, string expected)
    {
        TokenReplacer.Replace(text, [Domain]).Text.Should().Be(expected);
    }

    [Fact]
    public void Replace_IpAddress_DoesNotMatchALongerAddress()
    {
        var result = TokenReplacer.Replace("10.0.0.1 10.0.0.12 110.0.0.1 10.0.0.1:443", [new ImportValue("IP", "10.0.0.1")]);

        result.Text.Should().Be("{{ IP }} 10.0.0.12 110.0.0.1 {{ IP }}:443");
        result.Counts["IP"].Should().Be(2);
    }

    [Fact]
    public void Replace_OverlappingValues_LongestWinsAndEachCharacterIsReplacedOnce()
    {
        var result = TokenReplacer.Replace("reg.pryv.me and pryv.me", [Domain, new ImportValue("REG_HOST", "reg.pryv.me")]);

        result.Text.Should().Be("{{ REG_HOST }} and {{ DOMAIN }}");
        result.Counts.Should().BeEquivalentTo(new Dictionary<string, int> { ["REG_HOST"] = 1, ["DOMAIN"] = 1 });
    }

    [Fact]
    public void Replace_LiteralBraces_AreEscaped()
    {
        var result = TokenReplacer.Replace("a {{ b }} {%{ c }%} {{{ d", [Domain]);

        result.Text.Should().Be("a {{ \"{{\" }} b }} {{ \"{%{\" }} c }%} {{ \"{{\" }}{ d");
        result.Escapes.Should().Be(3);
    }

    [Fact]
    public void Replace_NoValueFound_ReturnsTheTextUnchanged()
    {
        var result = TokenReplacer.Replace("nothing here", [Domain]);

        result.Text.Should().Be("nothing here");
        result.Counts.Should().BeEmpty();
    }

    [Theory]
    [InlineData("port: 3000\n", "port: {{ PORT }}\n")]
    [InlineData("port = 3000 # web\n", "port = {{ PORT }} # web\n")]
    [InlineData("{\"port\":3000}", "{\"port\":{{ PORT }}}")]
    [InlineData("ports: [\"3000:3000\"]", "ports: [\"3000:3000\"]")]
    [InlineData("listen 3000;", "listen 3000;")]
    [InlineData("note: on 3000 too", "note: on 3000 too")]
    public void Replace_Number_OnlyInValuePositions(string text, string expected)
    {
        TokenReplacer.Replace(text, [new ImportValue("PORT", "3000") { ValuePositionOnly = true }]).Text.Should().Be(expected);
    }

    [Theory]
    [InlineData("ssl /a/pryv.me-bundle.crt;", "pryv.me-bundle.crt")]
    [InlineData("host mypryv.me", "mypryv.me")]
    public void Replace_ValueInsideALongerToken_IsANearMiss(string text, string token)
    {
        var result = TokenReplacer.Replace(text, [Domain]);

        result.Text.Should().Be(text);
        result.NearMisses.Should().ContainSingle().Which.Should().Be(new NearMiss(1, token, "DOMAIN"));
    }

    [Fact]
    public void Replace_LongerNumber_IsNoNearMiss()
    {
        TokenReplacer.Replace("10.0.0.12", [new ImportValue("IP", "10.0.0.1")]).NearMisses.Should().BeEmpty();
    }

    [Fact]
    public void Replace_HeldValue_IsCountedNotReplaced()
    {
        var result = TokenReplacer.Replace("loglevel notice", [new ImportValue("LEVEL", "notice") { Hold = "a plain word" }]);

        result.Text.Should().Be("loglevel notice");
        result.Held["LEVEL"].Should().Be(1);
        result.Counts.Should().BeEmpty();
    }
}
