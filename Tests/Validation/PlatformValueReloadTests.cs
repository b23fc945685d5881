using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary>A value that breaks its constraints fails the first load, and a reload keeps the last good settings.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PlatformValueReloadTests
{
    private static JsonObject Domain(string value) =>
        new() { ["value"] = value, ["type"] = "string", ["format"] = "hostname", ["description"] = "The platform domain." };

    private static JsonObject Port(JsonNode value) => new() { ["value"] = value, ["type"] = "integer", ["format"] = "port" };

    [Fact]
    public void Constructor_ValueBreaksItsConstraints_FailsFastWithEveryViolation()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Value("DOMAIN", Domain("bad domain")).Value("PORT", Port(0));
        tree.Save();

        var act = () => new SettingsProvider(tree.ConfigPath, LoggerFactory.Create(_ => { }).CreateLogger<SettingsProvider>());

        act.Should().Throw<SettingsException>().Which.Errors.Should().HaveCount(2)
            .And.Contain(e => e.Contains("platform.DOMAIN.value: must be a host name"))
            .And.Contain(e => e.Contains("platform.PORT.value: must be a port"));
    }

    [Fact]
    public void Reload_ValueBreaksItsConstraints_KeepsLastGoodAndLogsEveryViolation()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Value("DOMAIN", Domain("good.test")).Value("PORT", Port(443));
        tree.Save();
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var provider = new SettingsProvider(tree.ConfigPath, factory.CreateLogger<SettingsProvider>());
        tree.Value("DOMAIN", Domain("bad_domain.test")).Value("PORT", Port("https")).Save();

        var reloaded = provider.Reload();

        reloaded.Should().BeFalse();
        provider.Current.Platform["DOMAIN"].Display.Should().Be("good.test");
        provider.Current.Platform["PORT"].Display.Should().Be("443");
        var message = logs.Entries.Should().ContainSingle(e => e.Level == LogLevel.Error).Subject.Message;
        message.Should().Contain("keeping the last good settings")
            .And.Contain("platform.DOMAIN.value: must be a host name")
            .And.Contain("platform.PORT.value: must be an integer, not a string");
    }

    [Fact]
    public void Reload_ViolationFixed_TakesEffect()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x").Value("DOMAIN", Domain("good.test"));
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, LoggerFactory.Create(_ => { }).CreateLogger<SettingsProvider>());
        tree.Value("DOMAIN", Domain("bad domain")).Save();
        provider.Reload();
        tree.Value("DOMAIN", Domain("new.test")).Save();

        provider.Reload().Should().BeTrue();

        provider.Current.Platform["DOMAIN"].Display.Should().Be("new.test");
    }
}
