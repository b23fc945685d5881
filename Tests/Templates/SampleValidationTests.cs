using PryvBus.Leader.Settings;
using PryvBus.Leader.Validation;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Templates;

/// <summary>The sample platforms use the validation: every value is typed, and every rendered JSON/YAML file is parsed and passes.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SampleValidationTests
{
    public static TheoryData<string> Platforms => SamplePlatforms.Platforms();

    public static TheoryData<string, string> Roles => SamplePlatforms.Roles();

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Load_SamplePlatform_EveryValueDeclaresATypeAndValidationIsOn(string platform)
    {
        var settings = SamplePlatforms.Load(platform);

        settings.Validation.Enabled.Should().BeTrue();
        settings.Validation.Skip.Should().BeEmpty();
        settings.Platform.Values.Should().OnlyContain(v => v.Schema != null && v.Schema.Type != null, "every sample value is typed");
        settings.Platform["DOMAIN"].Schema!.Format.Should().Be("hostname");
        settings.Platform["ADMIN_EMAIL"].Schema!.Format.Should().Be("email");
        settings.Platform.Values.Where(v => v.Name.EndsWith("_PORT", StringComparison.Ordinal)).Should()
            .NotBeEmpty().And.OnlyContain(v => v.Schema!.Format == "port");
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_SampleRole_ParsesEveryJsonAndYamlFileAndPasses(string platform, string role)
    {
        var settings = SamplePlatforms.Load(platform);
        var render = SamplePlatforms.Render(platform, role);

        render.Errors.Should().BeEmpty();
        var checkedFiles = render.Version!.Files.Keys.Where(path => settings.Validation.Checks(role, path)).ToArray();
        checkedFiles.Should().Contain("pryv.yml", "every role's compose file is parsed before it is stored");
        foreach (var path in checkedFiles)
        {
            var text = SamplePlatforms.TextFiles(render)[path];
            OutputCheck.Check(path, text, System.Text.Encoding.UTF8.GetBytes(text)).Should().BeNull($"{platform}/{role}/{path} passes the validation");
        }
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Load_SampleDomainBrokenAndPortOutOfRange_RefusedWithTheirKeys(string platform)
    {
        var original = File.ReadAllText(Path.Combine(SamplePlatforms.Folder(platform), "config-leader", "conf", "config-leader.json"));
        var broken = original.Replace("\"value\": \"pryv.example.com\"", "\"value\": \"pryv example.com\"", StringComparison.Ordinal)
            .Replace("\"value\": 7070", "\"value\": 70700", StringComparison.Ordinal);
        var path = Path.Combine(SamplePlatforms.Folder(platform), "config-leader", "conf", "config-leader.json");

        var errors = FluentActions.Invoking(() => SettingsLoader.Parse(broken, path, SamplePlatforms.Demo))
            .Should().Throw<SettingsException>().Which.Errors;

        errors.Should().HaveCount(2)
            .And.Contain(e => e.Contains("platform.DOMAIN.value: must be a host name"))
            .And.Contain(e => e.Contains("platform.LEADER_PORT.value: must be a port"));
    }
}
