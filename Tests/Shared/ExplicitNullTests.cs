using System.Text.Json.Nodes;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using FollowerSettingsException = PryvBus.Follower.Settings.SettingsException;
using LeaderSettingsException = PryvBus.Leader.Settings.SettingsException;

namespace PryvBus.Tests.Shared;

/// <summary>
/// An explicit <c>null</c> is an error, not "absent": <c>"redis": null</c> used to fall back quietly to
/// <c>127.0.0.1:6379</c>. The error says to leave the key out for the default. A platform value may still be null
/// (it is template data, not a setting).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ExplicitNullTests
{
    private static readonly SettingsEnvironment NoVariables = SettingsEnvironment.From(new Dictionary<string, string>());

    [Theory]
    [InlineData("redis", "redis")]
    [InlineData("historyLength", "historyLength")]
    [InlineData("http", "http")]
    [InlineData("redis.configuration", "redis.configuration")]
    [InlineData("http.adminKey", "http.adminKey")]
    public void Load_LeaderKeySetToNull_IsAnError(string path, string key)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? tree.Config : (JsonObject)(tree.Config[parts[0]] ??= new JsonObject());
        parent[parts[^1]] = null;

        var act = () => SettingsLoader.Load(tree.Save(), NoVariables);

        act.Should().Throw<LeaderSettingsException>().Which.Errors.Should().Equal(
            $"config-leader.json: {key}: is null: leave the key out to use the default");
    }

    [Theory]
    [InlineData("""{ "id": "core-1", "role": "core", "key": "own-core-1-key-0123456789", "configRoot": "/r", "redis": null }""", "redis", "is null: it is required")]
    [InlineData("""{ "id": null, "role": "core", "key": "own-core-1-key-0123456789", "configRoot": "/r", "redis": { "configuration": "h" } }""", "id", "is null: it is required")]
    [InlineData("""{ "id": "core-1", "role": "core", "key": "own-core-1-key-0123456789", "configRoot": "/r", "pollIntervalSeconds": null, "redis": { "configuration": "h" } }""", "pollIntervalSeconds", "is null: leave the key out to use the default")]
    public void Parse_FollowerKeySetToNull_IsAnError(string json, string key, string message)
    {
        var act = () => FollowerSettingsLoader.Parse(json, "f.json", NoVariables);

        act.Should().Throw<FollowerSettingsException>().Which.Errors.Should().Equal($"f.json: {key}: {message}");
    }

    [Fact]
    public void Load_NullPlatformValue_IsTemplateData()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["platform"] = new JsonObject { ["OPTIONAL"] = null };

        var settings = SettingsLoader.Load(tree.Save(), NoVariables);

        settings.Platform["OPTIONAL"].Value.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }
}
