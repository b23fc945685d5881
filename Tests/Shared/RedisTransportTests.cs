using Microsoft.Extensions.Logging;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using FollowerRedisSettings = PryvBus.Follower.Settings.RedisSettings;

namespace PryvBus.Tests.Shared;

/// <summary>
/// A Redis reached over the network without TLS carries the rendered files, secrets included, in clear text: the
/// leader and the follower each say so once at start, naming the endpoint; loopback or <c>ssl=true</c> say nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RedisTransportTests
{
    private const int ClearText = 2203;

    [Theory]
    [InlineData("10.0.0.10:6380", "10.0.0.10:6380")]
    [InlineData("redis:6379", "redis:6379")]
    [InlineData("127.0.0.1:26379,10.0.0.2:26379,serviceName=main", "10.0.0.2:26379")]
    [InlineData("10.0.0.10:6380,ssl=true", "")]
    [InlineData("127.0.0.1:6379", "")]
    [InlineData("127.8.9.10:6379", "")]
    [InlineData("localhost:6379", "")]
    [InlineData("[::1]:6379", "")]
    public void ClearTextEndpoints_Configuration_NamesOnlyThoseOffLoopbackWithoutTls(string configuration, string expected) =>
        string.Join(",", RedisTransport.ClearTextEndpoints(configuration)).Should().Be(expected);

    [Theory]
    [InlineData("10.0.0.10:6380", true)]
    [InlineData("10.0.0.10:6380,ssl=true", false)]
    [InlineData("127.0.0.1:6379", false)]
    public void Leader_RedisOffLoopbackWithoutTls_WarnsOnceNamingTheEndpoint(string configuration, bool warned)
    {
        using var tree = new LeaderTree(configuration).Template("core", "a.conf", "x").Follower("core-1", "core", "core-1-key-0123456789abcdef");
        using var logs = new LogCollector();

        _ = new SettingsProvider(tree.Save(), new Logger<SettingsProvider>(new LoggerFactory([logs])), SettingsEnvironment.From(new Dictionary<string, string>()));

        Warnings(logs).Should().HaveCount(warned ? 1 : 0);
        if (warned)
        {
            Warnings(logs)[0].Should().Contain("10.0.0.10:6380").And.Contain("ssl=true").And.Contain("secrets");
        }
    }

    [Theory]
    [InlineData("10.0.0.10:6380", true)]
    [InlineData("10.0.0.10:6380,ssl=true", false)]
    [InlineData("127.0.0.1:6379", false)]
    public async Task Follower_RedisOffLoopbackWithoutTls_WarnsOnceNamingTheEndpoint(string configuration, bool warned)
    {
        using var logs = new LogCollector();
        using var factory = new LoggerFactory([logs]);
        var settings = new FollowerSettings
        {
            Id = "core-1", Role = "core", Key = "core-1-key-0123456789abcdef", ConfigRoot = "/nonexistent",
            Redis = new FollowerRedisSettings { Configuration = configuration }, Containers = null,
        };
        using var startup = new FollowerStartup(settings, new FollowerMetrics(), new SyncSignal(), factory.CreateLogger<FollowerStartup>());

        await startup.StartAsync(CancellationToken.None);

        Warnings(logs).Should().HaveCount(warned ? 1 : 0);
        if (warned)
        {
            Warnings(logs)[0].Should().Contain("10.0.0.10:6380").And.Contain("ssl=true").And.Contain("secrets");
        }
    }

    private static List<string> Warnings(LogCollector logs) =>
        logs.Ours.Where(e => e.EventId == ClearText && e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
}
