using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary><c>pryvbus-follower --health</c>: the container health check reads the running follower's status time.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerHealthCheckTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset Now = new(2025, 5, 20, 12, 0, 0, TimeSpan.Zero);

    private FollowerSettings Settings(string prefix, string? endpoint = null) => new()
    {
        Id = "core-1",
        Role = "core",
        Key = "0123456789abcdef0123",
        KeyPrefix = prefix,
        Redis = new RedisSettings { Configuration = (endpoint ?? redis.Endpoint) + ",connectTimeout=1000" },
        ConfigRoot = "/nonexistent",
    };

    [Theory]
    [InlineData("2025-05-20T11:59:30.000Z", true)]
    [InlineData("2025-05-20T11:50:00.000Z", false)]
    [InlineData("", false)]
    [InlineData("yesterday", false)]
    public void Judge_StatusTime_HealthyOnlyWhenRecent(string updated, bool healthy) =>
        HealthCheck.Judge(updated, Now, TimeSpan.FromSeconds(90)).Healthy.Should().Be(healthy);

    [Fact]
    public void MaxAge_DefaultPollInterval_CoversTwoSlowPolls() =>
        HealthCheck.MaxAge(Settings("p")).Should().Be(TimeSpan.FromSeconds(87));

    [Fact]
    public async Task Run_FreshStatus_ReturnsZero()
    {
        var settings = Settings(RedisServer.NewPrefix());
        await redis.Db.HashSetAsync(new RedisKeys(settings.KeyPrefix).Follower("core-1"), StatusFields.Updated,
            DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        using var output = new StringWriter();

        (await HealthCheck.RunAsync(settings, output)).Should().Be(0, output.ToString());
    }

    [Fact]
    public async Task Run_NoStatus_ReturnsOne()
    {
        using var output = new StringWriter();

        (await HealthCheck.RunAsync(Settings(RedisServer.NewPrefix()), output)).Should().Be(1);
        output.ToString().Should().Contain("no status reported yet");
    }

    [Fact]
    public async Task Run_RedisUnreachable_ReturnsOne()
    {
        using var output = new StringWriter();

        (await HealthCheck.RunAsync(Settings(RedisServer.NewPrefix(), "127.0.0.1:1"), output)).Should().Be(1);
        output.ToString().Should().StartWith("Redis (");
    }

    [Fact]
    public void CommandLine_HealthFlag_IsAccepted()
    {
        CommandLine.ConfigPath(["--health", "--config", "f.json"]).Should().Be("f.json");
        CommandLine.IsHealthCheck(["--health"]).Should().BeTrue();
        CommandLine.IsHealthCheck(["--config", "f.json"]).Should().BeFalse();
    }
}
