using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The follower reports every unknown key, at every level, at once, with its full path.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FollowerSettingsUnknownKeysTests
{
    private static readonly Func<string, string?> Env = name => name == "PRYV_CONF_ROOT" ? "/var/pryv" : null;

    [Fact]
    public void Parse_UnknownKeysAtEveryLevel_AreAllReportedAtOnce()
    {
        var act = () => FollowerSettingsLoader.Parse(
            """
            { "id": "a", "role": "core", "key": "0123456789abcdef", "pollIntervalSecond": 3,
              "redis": { "configuraton": "127.0.0.1:6379", "configuration": "127.0.0.1:6379" },
              "files": { "mod": "0644" },
              "containers": { "composeProjet": "pryv", "names": { "db": ["x"] } } }
            """,
            "f.json",
            Env);

        act.Should().Throw<SettingsException>().Which.Errors.Select(e => e.Split(": ")[1]).Should().BeEquivalentTo(
            "pollIntervalSecond", "redis.configuraton", "files.mod", "containers.composeProjet");
    }

    [Fact]
    public void Parse_MisspeltKey_SuggestsTheKnownOne()
    {
        var act = () => FollowerSettingsLoader.Parse(
            """{ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "h", "pasword": "x" } }""", "f.json", Env);

        act.Should().Throw<SettingsException>().Which.Errors.Should().Equal(
            "f.json: redis.pasword: unknown key (did you mean 'password'?)");
    }

    [Fact]
    public void Parse_WrongType_SaysWhatItIs()
    {
        var act = () => FollowerSettingsLoader.Parse(
            """{ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "h" }, "metricsPort": 70000, "pollJitter": "x" }""",
            "f.json",
            Env);

        act.Should().Throw<SettingsException>().Which.Errors.Should().BeEquivalentTo(
            "f.json: metricsPort: must be between 1 and 65535, not 70000",
            "f.json: pollJitter: must be a number between 0 and 0.5, not a string");
    }
}
