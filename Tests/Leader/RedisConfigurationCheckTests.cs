using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>The client's parse of <c>redis.configuration</c> is remembered for the same text: a reload reports what the first load did.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RedisConfigurationCheckTests
{
    [Fact]
    public void Load_SameRefusedConfigurationTwice_ReportsItBothTimes()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["redis"] = new JsonObject { ["configuration"] = "127.0.0.1:6379,notAnOption=1" };

        var first = ((Action)(() => tree.Load())).Should().Throw<SettingsException>().Which.Errors;
        var second = ((Action)(() => tree.Load())).Should().Throw<SettingsException>().Which.Errors;

        first.Should().ContainSingle().Which.Should().StartWith("config-leader.json: redis.configuration: ");
        second.Should().Equal(first);
    }

    [Fact]
    public void Load_RefusedThenValidConfiguration_LoadsTheValidOne()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["redis"] = new JsonObject { ["configuration"] = "127.0.0.1:6379,notAnOption=1" };
        ((Action)(() => tree.Load())).Should().Throw<SettingsException>();

        tree.Config["redis"] = new JsonObject { ["configuration"] = "127.0.0.1:6390" };

        tree.Load().Redis.Configuration.Should().Be("127.0.0.1:6390");
    }
}
