using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class ComponentsSettingsTests
{
    [Fact]
    public void Load_Components_ReadsActionsAndChecks()
    {
        using var tree = new LeaderTree().Template("core", "nginx/conf/site.conf", "x");
        tree.Config["components"] = JsonNode.Parse("""
            {
              "nginx": { "reload": { "action": "signal", "signal": "HUP" }, "check": { "command": ["nginx", "-t"], "timeoutSeconds": 20 } },
              "core": { "reload": { "action": "exec", "command": ["sh", "-c", "kill -HUP 1"], "timeoutSeconds": 10 } },
              "mail": { "reload": { "action": "restart" } }
            }
            """);

        var settings = tree.Load();

        settings.Components["nginx"].Reload.Should().Be(new ReloadAction(ReloadKind.Signal, "HUP", settings.Components["nginx"].Reload.Command, 10));
        settings.Components["nginx"].Check!.Command.Should().Equal("nginx", "-t");
        settings.Components["nginx"].Check!.TimeoutSeconds.Should().Be(20);
        settings.Components["core"].Reload.Command.Should().Equal("sh", "-c", "kill -HUP 1");
        settings.Components["mail"].Reload.Kind.Should().Be(ReloadKind.Restart);
    }

    [Fact]
    public void Load_BadComponents_ReportsEveryValueByKey()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["components"] = JsonNode.Parse("""
            {
              "nginx": { "reload": { "action": "signal", "signal": "KILL" }, "check": { "command": [], "timeoutSeconds": 0 } },
              "core": { "reload": { "action": "exec" } },
              "web": { "reload": { "action": "explode", "sudo": true } },
              "../x": {}
            }
            """);

        var act = () => tree.Load();

        var errors = act.Should().Throw<SettingsException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("components.nginx.reload.signal: must be one of HUP"));
        errors.Should().Contain(e => e.Contains("components.nginx.check.command: must be a non-empty array"));
        errors.Should().Contain(e => e.Contains("components.nginx.check.timeoutSeconds: must be between 1 and 600"));
        errors.Should().Contain(e => e.Contains("components.core.reload.command: is required"));
        errors.Should().Contain(e => e.Contains("components.web.reload.action: must be \"restart\", \"signal\" or \"exec\""));
        errors.Should().Contain(e => e.Contains("components.web.reload.sudo"));
        errors.Should().Contain(e => e.Contains("components.\"../x\"") || e.Contains("components.../x"));
    }
}
