using System.Text.Json;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Tests.Templates;

/// <summary>The sample platforms as a whole: documented values, leader–follower communication, follower configs.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class SamplePlatformTests
{
    public static TheoryData<string> Platforms => SamplePlatforms.Platforms();

    [Fact]
    public void Render_ClusterDns_HasOneRecordPerCore()
    {
        var dns = SamplePlatforms.TextFiles(SamplePlatforms.Render("cluster", "reg-master"))["dns/conf/dns.json"];

        using var document = JsonDocument.Parse(dns);
        var records = document.RootElement.GetProperty("dns").GetProperty("staticDataInDomain");
        records.GetProperty("co1").GetProperty("ip").GetString().Should().Be("203.0.113.21");
        records.GetProperty("co2").GetProperty("ip").GetString().Should().Be("203.0.113.22");
    }

    [Theory]
    [InlineData("singlenode", "singlenode")]
    [InlineData("cluster", "reg-master")]
    public void Render_Nginx_DoesNotPublishTheLeader(string platform, string role)
    {
        var site = SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role))["nginx/conf/site-443.conf"];

        // The leader runs on the host network, bound to loopback: nginx (a bridge container) cannot reach it, and its
        // console and admin API are not for the network. The template says how to reach it instead.
        site.Should().NotContain("pryvbus_leader").And.NotContain("server_name lead.");
        site.Should().Contain("ssh -N -L 7070:127.0.0.1:7070");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Load_LeaderHttp_ListensOnLoopbackOnly(string platform)
    {
        var settings = SamplePlatforms.Load(platform);

        settings.Http.Urls.Select(url => new Uri(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal)))
            .Should().OnlyContain(uri => uri.IsLoopback, "the leader runs on the host network: a wildcard or public address publishes its admin API and console over plain HTTP");
    }

    [Theory]
    [MemberData(nameof(SamplePlatforms.Roles), MemberType = typeof(SamplePlatforms))]
    public void Render_PryvYml_EveryServiceRotatesItsLog(string platform, string role)
    {
        var pryv = SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role))["pryv.yml"];

        // Docker's default json-file log grows without a bound: on a machine running for months it fills the disk.
        var stream = new YamlStream();
        stream.Load(new StringReader(pryv));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        services.Children.Should().NotBeEmpty();
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            service.Children.Should().ContainKey(new YamlScalarNode("logging"), $"service {name} of {platform}/{role} names its log's rotation");
            var logging = (YamlMappingNode)service.Children[new YamlScalarNode("logging")];
            logging.Children[new YamlScalarNode("driver")].ToString().Should().Be("json-file");
            var options = (YamlMappingNode)logging.Children[new YamlScalarNode("options")];
            options.Children.Keys.Select(k => k.ToString()).Should().Contain(["max-size", "max-file"], $"service {name} of {platform}/{role}");
        }
    }

    [Fact]
    public void Render_ClusterRegisterServers_ListEveryCore()
    {
        var register = SamplePlatforms.TextFiles(SamplePlatforms.Render("cluster", "reg-master"))["register/conf/register.yml"];

        register.Should().Contain("base_url: \"https://co1.pryv.example.com/\"").And.Contain("base_url: \"https://co2.pryv.example.com/\"");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Describe_EveryPlatformValue_IsDocumentedAndUsed(string platform)
    {
        var settings = SamplePlatforms.Load(platform);
        var used = settings.Roles().Select(role => SamplePlatforms.Render(platform, role)).SelectMany(r => r.ValuesUsed.Keys).ToHashSet();

        settings.Platform.Values.Should().OnlyContain(v => !string.IsNullOrWhiteSpace(v.Description), "every value documents itself");
        settings.Platform.Keys.Should().OnlyContain(name => used.Contains(name), "a value no template reads is dead configuration");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Describe_EverySecret_IsDeclaredAndUsed(string platform)
    {
        var settings = SamplePlatforms.Load(platform);
        var used = settings.Roles().Select(role => SamplePlatforms.Render(platform, role)).SelectMany(r => r.SecretsUsed.Keys).ToHashSet();

        used.Should().BeEquivalentTo(settings.Secrets.Keys);
        settings.Secrets.Values.Should().OnlyContain(s => !string.IsNullOrWhiteSpace(s.Description));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void FollowerConfigs_MatchTheLeadersFollowers(string platform)
    {
        var settings = SamplePlatforms.Load(platform);
        var files = Directory.GetFiles(Path.Combine(SamplePlatforms.Folder(platform), "config-follower", "conf"), "config-follower*.json");
        var environment = SettingsEnvironment.From(new Dictionary<string, string> { ["PRYV_CONF_ROOT"] = "/var/pryv", ["PRYVBUS_DEMO"] = "1" });

        var followers = files.Select(f => FollowerSettingsLoader.Parse(File.ReadAllText(f), Path.GetFileName(f), environment)).ToArray();

        followers.Select(f => (f.Id, f.Role, f.Key)).Should().BeEquivalentTo(settings.Followers.Select(e => (e.Id, e.Role, e.Key)),
            "each machine's follower file matches one entry of the leader's list, and every entry has its file");
        followers.Should().OnlyContain(f => f.ConfigRoot == "/var/pryv/pryv");
    }
}
