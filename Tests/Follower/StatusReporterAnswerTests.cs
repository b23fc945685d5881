using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Reporting;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A status write does not wait for Redis's answer: the report returns once it is sent, and what it sent lands when Redis
/// takes it (here, held by <c>CLIENT PAUSE WRITE</c>, which holds every write command until <c>CLIENT UNPAUSE</c>).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StatusReporterAnswerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ReportAsync_RedisHoldsWrites_ReturnsAtOnceAndTheWriteLandsOnceRedisTakesIt()
    {
        var settings = ReporterSettings.For(redis);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var reporter = new StatusReporter(settings, connection, NullLogger<StatusReporter>.Instance);
        var admin = redis.Admin.GetDatabase();
        var key = settings.Keys.Follower(settings.Id);

        await admin.ExecuteAsync("CLIENT", "PAUSE", "20000", "WRITE");
        Task report;
        try
        {
            report = reporter.ReportAsync(FollowerState.Ok, 1, 7, "sha", 7, null);
            report.IsCompleted.Should().BeTrue("the report does not wait for an answer Redis holds back");
            ((string?)await admin.HashGetAsync(key, StatusFields.State)).Should().BeNull("Redis holds the write");
        }
        finally
        {
            await admin.ExecuteAsync("CLIENT", "UNPAUSE");
        }

        await report;
        await Wait.UntilAsync(
            async () => (string?)await admin.HashGetAsync(key, StatusFields.State) == FollowerState.Ok, TimeSpan.FromSeconds(10), "the report in Redis");
        ((string?)await admin.HashGetAsync(key, StatusFields.Serial)).Should().Be("7");
    }
}
