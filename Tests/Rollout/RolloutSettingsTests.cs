using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class RolloutSettingsTests
{
    private const string Key = "0123456789abcdef0123";

    [Fact]
    public void Load_RolloutPolicy_ReadsWavesAndDefaults()
    {
        using var tree = Tree();
        tree.Config["rollout"] = JsonNode.Parse("""
            { "core": { "waves": [["core-1"], ["*"]], "soakSeconds": 60, "onFailure": "halt-and-pin", "followerTimeoutSeconds": 600, "onTimeout": "skip" } }
            """);

        var policy = tree.Load().Rollout["core"];

        policy.Waves.Should().HaveCount(2);
        policy.Waves[0].Should().Equal("core-1");
        policy.Waves[1].Should().Equal("*");
        policy.SoakSeconds.Should().Be(60);
        policy.PinOnFailure.Should().BeTrue();
        policy.SkipOnTimeout.Should().BeTrue();
        policy.FollowerTimeoutSeconds.Should().Be(600);
        var waves = policy.Resolve(["core-1", "core-2", "core-3"]);
        waves.Should().HaveCount(2);
        waves[0].Should().Equal("core-1");
        waves[1].Should().Equal("core-2", "core-3");
    }

    [Fact]
    public void Load_NoRolloutSection_NoPolicy()
    {
        using var tree = Tree();

        tree.Load().Rollout.Should().BeEmpty();
    }

    [Fact]
    public void Load_BadRollout_ReportsEveryValueByKey()
    {
        using var tree = Tree();
        tree.Config["rollout"] = JsonNode.Parse("""
            {
              "core": { "waves": [["core-9"], [], ["core-1", "core-1"], ["*"], ["*"]], "soakSeconds": -1, "onFailure": "explode", "onTimeout": "ignore", "colour": 1 },
              "nosuch": { "waves": [["*"]] },
              "web": { }
            }
            """);

        var act = () => tree.Load();

        var errors = act.Should().Throw<SettingsException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("rollout.core.waves[0]") && e.Contains("core-9"));
        errors.Should().Contain(e => e.Contains("rollout.core.waves[1]") && e.Contains("empty"));
        errors.Should().Contain(e => e.Contains("rollout.core.waves[2]") && e.Contains("core-1"));
        errors.Should().Contain(e => e.Contains("rollout.core.waves[4]") && e.Contains('*'));
        errors.Should().Contain(e => e.Contains("rollout.core.soakSeconds"));
        errors.Should().Contain(e => e.Contains("rollout.core.onFailure") && e.Contains("halt-and-pin"));
        errors.Should().Contain(e => e.Contains("rollout.core.onTimeout") && e.Contains("skip"));
        errors.Should().Contain(e => e.Contains("rollout.core.colour"));
        errors.Should().Contain(e => e.Contains("rollout.nosuch") && e.Contains("role"));
        errors.Should().Contain(e => e.Contains("rollout.web.waves") && e.Contains("required"));
    }

    private static LeaderTree Tree() => new LeaderTree()
        .Template("core", "a.conf", "x")
        .Template("web", "b.conf", "y")
        .Follower("core-1", "core", Key)
        .Follower("core-2", "core", Key + "2")
        .Follower("core-3", "core", Key + "3");
}
