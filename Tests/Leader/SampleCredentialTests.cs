using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Templates;

namespace PryvBus.Tests.Leader;

/// <summary>A shipped sample credential protects nothing: the leader refuses it unless the operator declares a demo.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SampleCredentialTests
{
    private const string SampleKey = "change-me-core-1-key-0123456789";

    [Fact]
    public void Load_SampleFollowerKey_IsRefusedNamingTheKey()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Follower("core-1", "core", SampleKey);

        var act = () => tree.Load();

        var error = act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle().Subject;
        error.Should().StartWith("config-leader.json: followers[0].key: is a sample credential").And.Contain("PRYVBUS_DEMO=1");
        error.Should().NotContain(SampleKey, "an error never echoes a credential");
    }

    [Fact]
    public void Load_SampleFollowerKeyInADemo_IsAcceptedAndListed()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Follower("core-1", "core", SampleKey);

        var settings = SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_DEMO", "1")));

        settings.Followers.Should().ContainSingle().Which.Key.Should().Be(SampleKey);
        settings.SampleCredentials.Should().Equal("followers[0].key");
    }

    [Fact]
    public void Load_SampleRedisPasswordFromEnvironment_IsRefused()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        var act = () => SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_REDIS_PASSWORD", "change-me-leader-password")));

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("environment: PRYVBUS_REDIS_PASSWORD: is a sample credential");
    }

    [Fact]
    public void Load_SampleSecretsAndKeys_AreEachNamed()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["redis"]!["password"] = "change-me-ops-password";
        tree.Config["http"] = new System.Text.Json.Nodes.JsonObject { ["adminKey"] = "CHANGE-ME-admin-key-0123" };

        var act = () => SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_SECRET_SMTP_PASSWORD", "change-me-smtp")));

        act.Should().Throw<SettingsException>().Which.Errors.Select(e => e.Split(": ")[1]).Should().BeEquivalentTo(
            "redis.password", "http.adminKey", "PRYVBUS_SECRET_SMTP_PASSWORD");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Load_ShippedSampleWithoutDemo_RefusesEveryFollowerKey(string platform)
    {
        var path = Path.Combine(SamplePlatforms.Folder(platform), "config-leader", "conf", "config-leader.json");

        var act = () => SettingsLoader.Load(path, Env());

        var errors = act.Should().Throw<SettingsException>().Which.Errors;
        errors.Should().NotBeEmpty().And.OnlyContain(e => e.Contains("].key: is a sample credential", StringComparison.Ordinal));
        SettingsLoader.Load(path, SamplePlatforms.Demo).SampleCredentials.Should().HaveCount(errors.Count);
    }

    [Fact]
    public void SettingsProvider_DemoWithSampleKey_WarnsNamingTheKeyNotItsValue()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Follower("core-1", "core", SampleKey);
        using var logs = new LogCollector();

        _ = new SettingsProvider(tree.Save(), new Logger<SettingsProvider>(new LoggerFactory([logs])), Env(("PRYVBUS_DEMO", "1")));

        logs.Ours.Should().ContainSingle(e => e.EventId == 2200).Which.Message.Should().Contain("followers[0].key").And.NotContain(SampleKey);
    }

    public static TheoryData<string> Platforms => SamplePlatforms.Platforms();

    private static SettingsEnvironment Env(params (string Name, string Value)[] variables) =>
        SettingsEnvironment.From(variables.ToDictionary(v => v.Name, v => v.Value));
}
