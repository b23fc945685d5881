using System.Text.Json.Nodes;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary>The real leader refuses to start on a value that breaks its constraints, like on any settings error.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class PlatformValueStartupTests
{
    [Fact]
    public async Task Run_ValuesBreakTheirConstraints_ExitsTwoNamingEveryKey()
    {
        using var tree = new LeaderTree()
            .Template("core", "a.conf", "x")
            .Value("DOMAIN", new JsonObject { ["value"] = "bad domain", ["format"] = "hostname" })
            .Value("REGION", new JsonObject { ["value"] = "asia", ["enum"] = new JsonArray("eu", "us") });

        using var leader = ProgramProcess.Start("Leader", "pryvbus-leader", ["run", "--config", tree.Save()]);
        var code = await leader.WaitForExitAsync(TimeSpan.FromSeconds(60));

        code.Should().Be(2, "bad settings are exit code 2 (output: {0}{1})", leader.Stdout, leader.Stderr);
        leader.Stderr.Should().Contain("platform.DOMAIN.value: must be a host name").And.Contain("platform.REGION.value: must be one of");
        (leader.Stdout + leader.Stderr).Should().NotContain("   at ");
    }
}
