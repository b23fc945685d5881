using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary><c>components.NAME.health</c> in the leader's settings.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class ComponentsHealthSettingsTests
{
    [Fact]
    public void Load_Health_ReadsProbesWindowAndSoak()
    {
        using var tree = new LeaderTree().Template("core", "nginx/conf/site.conf", "x");
        tree.Config["components"] = JsonNode.Parse("""
            {
              "nginx": { "health": { "url": "http://127.0.0.1:8080/health", "timeoutSeconds": 3, "windowSeconds": 90, "soakSeconds": 30 } },
              "core": { "health": { "command": ["sh", "-c", "true"] } },
              "mail": { "health": {} }
            }
            """);

        var settings = tree.Load();

        settings.Components["nginx"].Health.Should().Be(new ComponentHealth("http://127.0.0.1:8080/health", null, 3, 90, 30));
        settings.Components["core"].Health!.Command.Should().Equal("sh", "-c", "true");
        settings.Components["core"].Health!.WindowSeconds.Should().Be(ComponentRules.DefaultHealthWindowSeconds);
        settings.Components["mail"].Health.Should().Be(ComponentHealth.Default);
    }

    [Fact]
    public void Load_BadHealth_ReportsEveryValueByKey()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["components"] = JsonNode.Parse("""
            {
              "nginx": { "health": { "url": "http://10.1.2.3/health", "windowSeconds": 0, "soakSeconds": 99999 } },
              "core": { "health": { "url": "http://127.0.0.1/", "command": ["true"], "probe": 1 } }
            }
            """);

        var act = () => tree.Load();

        var errors = act.Should().Throw<SettingsException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("components.nginx.health.url: must name a loopback host"));
        errors.Should().Contain(e => e.Contains("components.nginx.health.windowSeconds: must be between 1 and 3600"));
        errors.Should().Contain(e => e.Contains("components.nginx.health.soakSeconds: must be between 0 and 3600"));
        errors.Should().Contain(e => e.Contains("components.core.health.command: one probe per component"));
        errors.Should().Contain(e => e.Contains("components.core.health.probe"));
    }
}
