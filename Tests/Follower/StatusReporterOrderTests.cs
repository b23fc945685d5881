using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Reporting;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Follower;

/// <summary>Two reports at once reach Redis in the order their snapshots were taken: the hash ends with the last one.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StatusReporterOrderTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ReportAsync_FirstWriterHeldBeforeItSends_TheLastReportStaysInRedis()
    {
        var settings = ReporterSettings.For(redis);
        using var held = new ManualResetEventSlim();
        using var sent = new ManualResetEventSlim();
        var first = 1;

        // The first report's thread is held after taking its snapshot, before it sends, until the second report has sent
        // (or 2 s pass: a reporter that sends under its lock keeps the second report waiting for the first).
        var multiplexer = InterceptingProxy<IConnectionMultiplexer>.Create(redis.Admin, (method, result) =>
        {
            if (method.Name != nameof(IConnectionMultiplexer.GetDatabase))
            {
                return result;
            }

            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                held.Set();
                sent.Wait(TimeSpan.FromSeconds(2));
                return result;
            }

            return InterceptingProxy<IDatabase>.Create((IDatabase)result!, (call, value) =>
            {
                if (call.Name == nameof(IDatabase.HashSetAsync))
                {
                    sent.Set();
                }

                return value;
            });
        });
        var reporter = new StatusReporter(settings, multiplexer, NullLogger<StatusReporter>.Instance);

        var applying = Task.Run(() => reporter.ReportAsync(FollowerState.Applying, 1, 7, "sha", 7, null));
        held.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the first report reaches Redis's client");
        var ok = Task.Run(() => reporter.ReportAsync(FollowerState.Ok, 1, 7, "sha", 7, null));
        await Task.WhenAll(applying, ok);

        var state = await redis.Admin.GetDatabase().HashGetAsync(settings.Keys.Follower(settings.Id), StatusFields.State);
        ((string?)state).Should().Be(FollowerState.Ok, "the ok report's snapshot was taken after the applying one's");
    }
}
