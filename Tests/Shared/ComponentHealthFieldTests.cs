using CsCheck;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>The <c>health</c> part of the signed <c>components</c> field: written canonically, read as hostile input.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class ComponentHealthFieldTests
{
    [Fact]
    public void Write_ThenRead_GivesTheSameProbes()
    {
        var components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
        {
            ["nginx"] = new(ReloadAction.Restart, null, new ComponentHealth("http://127.0.0.1:8080/health", null, 3, 90, 20)),
            ["core"] = new(ReloadAction.Restart, null, new ComponentHealth(null, ["sh", "-c", "true"], 4, 60, 0)),
        };
        var text = ComponentsField.Write(components);

        var read = ComponentsField.Read(text, out var problem);

        problem.Should().BeNull();
        read!["nginx"].Health.Should().BeEquivalentTo(components["nginx"].Health);
        read["core"].Health!.Command.Should().Equal("sh", "-c", "true");
        read["core"].Health!.TimeoutSeconds.Should().Be(4);
        read["core"].Health!.SoakSeconds.Should().Be(0);
        ComponentsField.Write(read).Should().Be(text);
    }

    [Fact]
    public void Read_EmptyHealth_TakesTheDefaults()
    {
        var read = ComponentsField.Read("""{"web":{"health":{}}}""", out var problem);

        problem.Should().BeNull();
        read!["web"].Health.Should().Be(ComponentHealth.Default);
    }

    [Theory]
    [InlineData("""{"web":{"health":{"url":"http://10.0.0.1/ok"}}}""", "components.web.health: url must name a loopback host")]
    [InlineData("""{"web":{"health":{"url":"http://example.org/ok"}}}""", "components.web.health: url must name a loopback host")]
    [InlineData("""{"web":{"health":{"url":"https://127.0.0.1/ok"}}}""", "components.web.health: url must be an http:// URL")]
    [InlineData("""{"web":{"health":{"url":"http://u:p@127.0.0.1/ok"}}}""", "components.web.health: url must be an http:// URL")]
    [InlineData("""{"web":{"health":{"url":"http://127.0.0.1/","command":["x"]}}}""", "one probe per component")]
    [InlineData("""{"web":{"health":{"command":[]}}}""", "components.web.health: command must be a non-empty")]
    [InlineData("""{"web":{"health":{"windowSeconds":0}}}""", "components.web.health: windowSeconds must be")]
    [InlineData("""{"web":{"health":{"soakSeconds":-1}}}""", "components.web.health: soakSeconds must be")]
    [InlineData("""{"web":{"health":{"timeoutSeconds":601}}}""", "components.web.health: timeoutSeconds must be")]
    [InlineData("""{"web":{"health":{"url":"http://127.0.0.1/","sudo":true}}}""", "components.web.health: must be an object")]
    [InlineData("""{"web":{"health":"curl localhost"}}""", "components.web.health: must be an object")]
    public void Read_BadHealth_RefusedNamingTheField(string json, string expected)
    {
        ComponentsField.Read(json, out var problem).Should().BeNull();

        problem.Should().Contain(expected);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/health")]
    [InlineData("http://127.9.9.9/")]
    [InlineData("http://localhost:3000/status?x=1")]
    [InlineData("http://[::1]:8080/")]
    public void ProbeUrlProblem_LoopbackUrl_Accepted(string url) => ComponentRules.ProbeUrlProblem(url).Should().BeNull();

    [Fact]
    public void ProbeUrlProblem_ArbitraryText_NeverThrowsAndAcceptsOnlyLoopback()
    {
        Gen.OneOf(Gen.String, Gen.String.Select(s => "http://" + s), Gen.String.Select(s => "http://127.0.0.1" + s)).Sample(
            text =>
            {
                if (ComponentRules.ProbeUrlProblem(text) is null)
                {
                    var uri = new Uri(text);
                    (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)).Should().BeTrue(text);
                }
            },
            iter: 5_000);
    }
}
