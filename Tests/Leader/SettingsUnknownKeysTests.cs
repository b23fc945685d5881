using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>A misspelt key must never fall back to a default in silence: every unknown key, at every level, at once.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsUnknownKeysTests
{
    [Fact]
    public void Load_MisspeltRedisConfiguration_IsReportedNotDefaulted()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["redis"] = new JsonObject { ["configuraton"] = "10.0.0.1:6379" };

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("config-leader.json: redis.configuraton: unknown key").And.Contain("configuration");
    }

    [Fact]
    public void Load_UnknownKeysAtEveryLevel_AreAllReportedAtOnceWithTheirPath()
    {
        using var tree = new LeaderTree()
            .Template("core", "a.conf", "x")
            .Value("NODE", new JsonObject { ["value"] = new JsonObject { ["ip"] = "203.0.113.1" }, ["descripton"] = "typo" })
            .Secret("S1", new JsonObject { ["scope"] = "platform", ["lenght"] = 40 })
            .Follower("core-1", "core", "0123456789abcdef-core");
        tree.Config["histroyLength"] = 3;
        tree.Config["redis"]!["configuraton"] = "x";
        tree.Config["followers"]![0]!["rol"] = "core";
        tree.Config["http"] = new JsonObject { ["enabled"] = false, ["adminkey"] = "0123456789abcdef" };
        tree.Config["acl"] = new JsonObject { ["provison"] = true };

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().Which.Errors.Select(e => e.Split(": ")[1]).Should().BeEquivalentTo(
            "histroyLength", "redis.configuraton", "platform.NODE.descripton", "secrets.S1.lenght", "followers[0].rol",
            "http.adminkey", "acl.provison");
    }

    [Fact]
    public void Load_ShortAdminKey_SaysItIsTooShort()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["http"] = new JsonObject { ["adminKey"] = "short" };

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Be("config-leader.json: http.adminKey: must be at least 16 characters, not 5");
    }

    [Fact]
    public void Load_ShortFollowerKey_SaysItIsTooShortNotRequired()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Follower("core-1", "core", "short");

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Be("config-leader.json: followers[0].key: must be at least 16 characters, not 5");
    }

    [Fact]
    public void Load_WrongTypes_SayWhatIsWrong()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["historyLength"] = "20";
        tree.Config["watch"] = 1;
        tree.Config["http"] = new JsonObject { ["urls"] = "http://127.0.0.1:1" };

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().Which.Errors.Should().BeEquivalentTo(
            "config-leader.json: historyLength: must be a whole number between 1 and 10000, not a string",
            "config-leader.json: watch: must be true or false, not 1",
            "config-leader.json: http.urls: must be an array of URLs such as \"http://127.0.0.1:7070\", not a string");
    }

    [Fact]
    public void Load_DuplicateKey_IsReported()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Save();
        File.WriteAllText(tree.ConfigPath, File.ReadAllText(tree.ConfigPath).Replace("\"historyLength\": 5", "\"historyLength\": 5, \"historyLength\": 6", StringComparison.Ordinal));

        var act = () => SettingsLoader.Load(tree.ConfigPath);

        act.Should().Throw<SettingsException>().WithMessage("*config-leader.json: historyLength: is defined twice*");
    }

    [Fact]
    public void Load_SecretDefinedTwice_IsReportedOnceAndNothingElse()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Secret("S1", new JsonObject { ["length"] = 40 });
        tree.Save();
        File.WriteAllText(tree.ConfigPath, File.ReadAllText(tree.ConfigPath).Replace(
            "\"S1\": {", "\"S1\": { \"scope\": \"platform\" },\n    \"S1\": {", StringComparison.Ordinal));

        var act = () => SettingsLoader.Load(tree.ConfigPath);

        act.Should().Throw<SettingsException>().Which.Errors.Should().Equal("config-leader.json: secrets.S1: is defined twice");
    }
}
