using Microsoft.Extensions.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using FollowerSettingsException = PryvBus.Follower.Settings.SettingsException;
using LeaderSettingsException = PryvBus.Leader.Settings.SettingsException;

namespace PryvBus.Tests.Shared;

/// <summary><c>PRYVBUS_LOG_LEVEL</c> is checked when the settings load, by both programs: a typo is an error, not info.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class LogLevelVariableTests
{
    private const string Follower =
        """{ "id": "core-1", "role": "core", "key": "own-core-1-key-0123456789", "configRoot": "/r", "redis": { "configuration": "h" } }""";

    [Theory]
    [InlineData("verbose")]
    [InlineData("42")]
    [InlineData("2")]
    [InlineData("debug,info")]
    [InlineData(" info")]
    public void Load_UnknownLevel_IsAnErrorNamingTheVariable(string level)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        var leader = () => SettingsLoader.Load(tree.Save(), Env(level));
        var follower = () => FollowerSettingsLoader.Parse(Follower, "f.json", Env(level));

        leader.Should().Throw<LeaderSettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("environment: PRYVBUS_LOG_LEVEL: must be one of trace, debug, information");
        follower.Should().Throw<FollowerSettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("environment: PRYVBUS_LOG_LEVEL: must be one of");
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("TRACE", LogLevel.Trace)]
    [InlineData("Information", LogLevel.Information)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("critical", LogLevel.Critical)]
    public void Load_KnownLevel_IsAccepted(string text, LogLevel level)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        SettingsLoader.Load(tree.Save(), Env(text)).Should().NotBeNull();
        FollowerSettingsLoader.Parse(Follower, "f.json", Env(text)).Should().NotBeNull();
        LogLevels.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(level);
    }

    private static SettingsEnvironment Env(string level) =>
        SettingsEnvironment.From(new Dictionary<string, string> { ["PRYVBUS_LOG_LEVEL"] = level });
}
