using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>Environment overrides are read and checked at load time, like the file's values they replace.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsEnvironmentTests
{
    [Fact]
    public void Load_ShortAdminKeyFromEnvironment_IsRefusedAtLoad()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        var act = () => SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_ADMIN_KEY", "12345")));

        act.Should().Throw<SettingsException>().Which.Errors.Should().Equal(
            "environment: PRYVBUS_ADMIN_KEY: must be at least 16 characters, not 5");
    }

    [Fact]
    public void Load_AdminKeyFromEnvironment_WinsOverTheFile()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["http"] = new JsonObject { ["adminKey"] = "file-key-0123456789" };

        var settings = SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_ADMIN_KEY", "environment-key-0123456789")));

        settings.Http.AdminKey.Should().Be("environment-key-0123456789");
        settings.Http.ToString().Should().NotContain("0123456789", "a key is never printed");
    }

    [Fact]
    public void Load_EmptyAdminKeyVariable_CountsAsUnset()
    {
        // Compose passes ${PRYVBUS_ADMIN_KEY:-}: an empty string when the operator set none.
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_ADMIN_KEY", string.Empty))).Http.AdminKey.Should().BeNull();
    }

    [Fact]
    public void Load_RedisPasswordFromEnvironment_WinsOverTheFile()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["redis"]!["password"] = "from-the-file";

        var settings = SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_REDIS_PASSWORD", "from-the-environment")));

        settings.Redis.Password.Should().Be("from-the-environment");
        settings.Redis.ToOptions().Password.Should().Be("from-the-environment");
    }

    [Fact]
    public void Load_SecretOverrideWithAnInvalidName_IsReported()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        var act = () => SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_SECRET_SMTP-PASSWORD", "a-real-password"), ("PRYVBUS_SECRET_OK", "fine-value")));

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("environment: PRYVBUS_SECRET_SMTP-PASSWORD: 'SMTP-PASSWORD' is not a secret name");
    }

    [Fact]
    public void Load_UnreadableDemoVariable_IsReported()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        var act = () => SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_DEMO", "maybe")));

        act.Should().Throw<SettingsException>().Which.Errors.Should().Equal(
            "environment: PRYVBUS_DEMO: must be 1 (a demo: sample credentials accepted) or 0");
    }

    [Fact]
    public void Load_EnvironmentAndFileProblems_AreReportedTogether()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["histroyLength"] = 3;

        var act = () => SettingsLoader.Load(tree.Save(), Env(("PRYVBUS_ADMIN_KEY", "short")));

        act.Should().Throw<SettingsException>().Which.Errors.Should().HaveCount(2)
            .And.Contain(e => e.StartsWith("environment: PRYVBUS_ADMIN_KEY: must be at least 16", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("config-leader.json: histroyLength: unknown key", StringComparison.Ordinal));
    }

    private static SettingsEnvironment Env(params (string Name, string Value)[] variables) =>
        SettingsEnvironment.From(variables.ToDictionary(v => v.Name, v => v.Value));
}
