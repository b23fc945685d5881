using System.Net;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Templates;
using StackExchange.Redis;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Tests.Compose;

/// <summary>The shipped compose files as docker-compose renders them: log rotation, hardening, ports the samples agree on.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ShippedComposeFileTests
{
    public static TheoryData<string> Files => [.. ShippedComposeFiles.Files];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Config_EveryService_RotatesItsLog(string file)
    {
        var services = await ShippedComposeFiles.ServicesAsync(file);

        services.Should().NotBeEmpty();
        foreach (var (name, service) in services)
        {
            // Docker's default json-file log grows without a bound: a chatty or looping container fills the disk.
            ShippedComposeFiles.Scalar(service, "logging", "driver").Should().Be("json-file", $"{file}: {name}");
            ShippedComposeFiles.Scalar(service, "logging", "options", "max-size").Should().Be("10m", $"{file}: {name}");
            ShippedComposeFiles.Scalar(service, "logging", "options", "max-file").Should().Be("5", $"{file}: {name}");
        }
    }

    [Theory]
    [InlineData("singlenode/docker-compose.yml")]
    [InlineData("cluster/reg-master.yml")]
    public async Task Config_LeaderAndRedis_RunWithoutCapabilitiesOrPrivilegeGain(string file)
    {
        var services = await ShippedComposeFiles.ServicesAsync(file);

        foreach (var name in new[] { "leader", "redis" })
        {
            ShippedComposeFiles.Sequence(services[name], "cap_drop").Should().Equal(["ALL"], $"{file}: {name}");
            ShippedComposeFiles.Sequence(services[name], "security_opt").Should().Equal(["no-new-privileges:true"], $"{file}: {name}");
        }

        // The leader writes only its mounted state and settings folders; its image and everything else stay as built.
        ShippedComposeFiles.Scalar(services["leader"], "read_only").Should().Be("true");
        ShippedComposeFiles.Sequence(services["leader"], "tmpfs").Should().Equal(["/tmp"]);
        // Started as its user, the official image's entrypoint needs no capability to chown /data and switch users.
        ShippedComposeFiles.Scalar(services["redis"], "user").Should().Be("999:999");
    }

    [Theory]
    [InlineData("singlenode", "singlenode/docker-compose.yml")]
    [InlineData("cluster", "cluster/reg-master.yml")]
    public async Task Config_RedisPort_IsTheOneEverySampleSettingsFileNames(string platform, string file)
    {
        var redis = (await ShippedComposeFiles.ServicesAsync(file))["redis"];
        var command = ShippedComposeFiles.Sequence(redis, "command");
        var port = int.Parse(command[command.ToList().IndexOf("--port") + 1], System.Globalization.CultureInfo.InvariantCulture);

        ShippedComposeFiles.Scalar(redis, "environment", "PRYVBUS_REDIS_PORT").Should().Be(port.ToString(System.Globalization.CultureInfo.InvariantCulture), "the health check asks this port");
        Port(SamplePlatforms.Load(platform).Redis.Configuration).Should().Be(port, "the leader's config-leader.json");
        var environment = SettingsEnvironment.From(new Dictionary<string, string> { ["PRYV_CONF_ROOT"] = "/var/pryv", ["PRYVBUS_DEMO"] = "1" });
        foreach (var path in Directory.GetFiles(Path.Combine(SamplePlatforms.Folder(platform), "config-follower", "conf"), "config-follower*.json"))
        {
            var follower = FollowerSettingsLoader.Parse(File.ReadAllText(path), Path.GetFileName(path), environment);
            Port(follower.Redis.Configuration).Should().Be(port, Path.GetFileName(path));
        }
    }

    [Fact]
    public async Task Config_ClusterRedisPort_IsNotTheRegisterRedisPort()
    {
        var redis = (await ShippedComposeFiles.ServicesAsync("cluster/reg-master.yml"))["redis"];
        var command = ShippedComposeFiles.Sequence(redis, "command");
        var port = command[command.ToList().IndexOf("--port") + 1];

        // Both run on reg-master: the register's Redis (pryv.yml) publishes its port on the machine's private address.
        var pryv = new YamlStream();
        pryv.Load(new StringReader(SamplePlatforms.TextFiles(SamplePlatforms.Render("cluster", "reg-master"))["pryv.yml"]));
        var published = ShippedComposeFiles.Sequence((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)pryv.Documents[0].RootNode)["services"])["redis"], "ports");
        published.Select(p => p.Split(':')[^2]).Should().NotContain(port);
    }

    private static int Port(string configuration) => ConfigurationOptions.Parse(configuration).EndPoints.Single() switch
    {
        DnsEndPoint dns => dns.Port,
        IPEndPoint ip => ip.Port,
        var other => throw new InvalidOperationException($"unexpected endpoint {other}"),
    };
}
