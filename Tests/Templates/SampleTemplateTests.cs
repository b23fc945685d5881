using System.Text.Json;
using YamlDotNet.RepresentationModel;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Templates;

/// <summary>Every role of the sample platforms renders, and what it renders is valid for the component that reads it.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class SampleTemplateTests
{
    public static TheoryData<string, string> Roles => SamplePlatforms.Roles();

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_SampleRole_HasNoError(string platform, string role)
    {
        var render = SamplePlatforms.Render(platform, role);

        render.Errors.Should().BeEmpty();
        render.Succeeded.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_JsonFiles_Parse(string platform, string role)
    {
        var json = SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role)).Where(f => f.Key.EndsWith(".json", StringComparison.Ordinal));

        foreach (var (path, text) in json)
        {
            var parse = () => JsonDocument.Parse(text).Dispose();
            parse.Should().NotThrow($"{platform}/{role}/{path} must be valid JSON:\n{text}");
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_YamlFiles_Parse(string platform, string role)
    {
        var yaml = SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role))
            .Where(f => f.Key.EndsWith(".yml", StringComparison.Ordinal) || f.Key.EndsWith(".yaml", StringComparison.Ordinal))
            .ToArray();

        yaml.Should().Contain(f => f.Key == "pryv.yml", "every role has its compose file");
        foreach (var (path, text) in yaml)
        {
            var parse = () => new YamlStream().Load(new StringReader(text));
            parse.Should().NotThrow($"{platform}/{role}/{path} must be valid YAML:\n{text}");
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_TextFiles_HaveNoTemplateLeft(string platform, string role)
    {
        foreach (var (path, text) in SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role)))
        {
            text.Should().NotContain("{{", $"{path} is fully rendered").And.NotContain("}}", $"{path} is fully rendered");
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Render_ComposeFile_HasFixedNamesAndOneServicePerComponent(string platform, string role)
    {
        var files = SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role));
        var stream = new YamlStream();
        stream.Load(new StringReader(files["pryv.yml"]));
        var compose = (YamlMappingNode)stream.Documents[0].RootNode;

        ((YamlScalarNode)compose["version"]).Value.Should().Be("3.5");
        var networks = (YamlMappingNode)compose["networks"];
        networks.Children.Keys.Select(k => k.ToString()).Should().BeEquivalentTo("frontend", "backend");
        networks.Children.Values.Should().OnlyContain(n => ((YamlMappingNode)n).Children.ContainsKey(new YamlScalarNode("name")));
        var services = (YamlMappingNode)compose["services"];
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            ((YamlScalarNode)service["container_name"]).Value.Should().Be($"pryvio_{name}");
            ((YamlScalarNode)service["image"]).Value.Should().StartWith($"pryvio/{name}:");
            // The follower restarts a component's containers by the compose service name: it must be a component folder.
            files.Keys.Should().Contain(k => k.StartsWith($"{name}/conf/", StringComparison.Ordinal), $"service {name} has its component folder");
            ((YamlSequenceNode)service["volumes"]).Children.Select(v => v.ToString())
                .Should().Contain($"./{name}/conf/:/app/conf/:ro");
        }
    }

    [Theory]
    [InlineData("singlenode", "singlenode", "core/conf/core.yml audit/conf/audit.yml hfs/conf/hfs.yml mongodb/conf/mongod.conf preview/conf/preview.yml nginx/conf/nginx.conf nginx/conf/site-443.conf register/conf/register.yml dns/conf/dns.json mail/conf/mail.yml redis/conf/redis.conf")]
    [InlineData("cluster", "core", "core/conf/core.yml audit/conf/audit.yml hfs/conf/hfs.yml mongodb/conf/mongod.conf preview/conf/preview.yml nginx/conf/nginx.conf nginx/conf/site-443.conf")]
    [InlineData("cluster", "reg-master", "register/conf/register.yml dns/conf/dns.json mail/conf/mail.yml redis/conf/redis.conf nginx/conf/nginx.conf nginx/conf/site-443.conf")]
    [InlineData("cluster", "reg-slave", "register/conf/register.yml dns/conf/dns.json redis/conf/redis.conf nginx/conf/nginx.conf nginx/conf/site-443.conf")]
    [InlineData("cluster", "static", "nginx/conf/nginx.conf nginx/conf/site-443.conf")]
    public void Render_SampleRole_HasEveryComponentOfTheSeed(string platform, string role, string paths)
    {
        var render = SamplePlatforms.Render(platform, role);

        render.Version!.Files.Keys.Should().Contain(paths.Split(' ')).And.Contain("pryv.yml");
        render.Version.SecretFiles.Should().Contain(["nginx/conf/secret/site-bundle.crt", "nginx/conf/secret/site-key.pem"]);
    }
}
