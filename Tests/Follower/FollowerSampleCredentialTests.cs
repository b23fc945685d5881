using PryvBus.Follower.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Templates;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The follower refuses the shipped sample keys and passwords unless the operator declares a demo.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FollowerSampleCredentialTests
{
    private const string Settings =
        """{ "id": "core-1", "role": "core", "key": "change-me-core-1-key-0123456789", "configRoot": "/r", "redis": { "configuration": "h" } }""";

    [Fact]
    public void Parse_SampleKey_IsRefusedNamingTheKey()
    {
        var act = () => FollowerSettingsLoader.Parse(Settings, "f.json", Env());

        var error = act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle().Subject;
        error.Should().StartWith("f.json: key: is a sample credential").And.NotContain("change-me-core-1");
    }

    [Fact]
    public void Parse_SampleKeyInADemo_IsAcceptedAndListed()
    {
        var settings = FollowerSettingsLoader.Parse(Settings, "f.json", Env(("PRYVBUS_DEMO", "1")));

        settings.Key.Should().Be("change-me-core-1-key-0123456789");
        settings.SampleCredentials.Should().Equal("key");
    }

    [Fact]
    public void Parse_SamplePasswordFromEnvironment_IsRefused()
    {
        var own = Settings.Replace("change-me-core-1-key", "own-core-1-key", StringComparison.Ordinal);

        var act = () => FollowerSettingsLoader.Parse(own, "f.json", Env(("PRYVBUS_REDIS_PASSWORD", "change-me-ops-password")));

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("environment: PRYVBUS_REDIS_PASSWORD: is a sample credential");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Parse_ShippedFollowerFilesWithoutDemo_AreRefused(string platform)
    {
        var files = Directory.GetFiles(Path.Combine(SamplePlatforms.Folder(platform), "config-follower", "conf"), "config-follower*.json");

        files.Should().NotBeEmpty().And.OnlyContain(file => Refused(file));
    }

    public static TheoryData<string> Platforms => SamplePlatforms.Platforms();

    private static bool Refused(string file)
    {
        try
        {
            FollowerSettingsLoader.Parse(File.ReadAllText(file), Path.GetFileName(file), Env(("PRYV_CONF_ROOT", "/var/pryv")));
            return false;
        }
        catch (SettingsException ex)
        {
            return ex.Errors.Count == 1 && ex.Errors[0].Contains(": key: is a sample credential", StringComparison.Ordinal);
        }
    }

    private static SettingsEnvironment Env(params (string Name, string Value)[] variables) =>
        SettingsEnvironment.From(variables.ToDictionary(v => v.Name, v => v.Value));
}
