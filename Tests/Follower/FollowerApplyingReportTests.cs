using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The <c>applying</c> report, seen in Redis's <c>MONITOR</c> feed: a change that writes is reported <c>applying</c>, then
/// <c>ok</c> at its serial; a version the apply refuses (an unsafe path) goes from the last report straight to its error,
/// without an <c>applying</c> it never started.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerApplyingReportTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string File = "core/conf/core.yml";

    [Fact]
    public async Task Sync_OneFileChange_ReportsApplyingThenOkAtTheNewSerial()
    {
        await AtFirstVersionAsync(async (follower, monitor) =>
        {
            var serial = await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: two\n" });
            await follower.WaitForAppliedAsync(serial);

            var reports = await ReportsUntilAsync(monitor, follower, r => r.State == FollowerState.Ok && r.Serial == $"{serial}");
            reports.Select(r => r.State).Should().ContainInOrder(FollowerState.Applying, FollowerState.Ok);
            reports.First(r => r.State == FollowerState.Applying).Wanted.Should().Be($"{serial}");
            follower.Read(File).Should().Be("core: two\n");
        });
    }

    [Fact]
    public async Task Sync_OneFileChangeOfAComponent_TheOkReportCarriesTheRestartRequest()
    {
        await AtFirstVersionAsync(async (follower, monitor) =>
        {
            var serial = await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: two\n" });

            // One status write after "applying": the report of the apply, with the restart it asked for; not one write each.
            var reports = await ReportsUntilAsync(monitor, follower, r => r.State == FollowerState.Ok && r.Serial == $"{serial}");
            var afterApplying = reports.SkipWhile(r => r.State != FollowerState.Applying).ToList();
            afterApplying.Select(r => r.State).Should().Equal(FollowerState.Applying, FollowerState.Ok);
            afterApplying[1].RestartRequested.Should().Be("core");
            afterApplying[1].RestartReason.Should().Be($"version {serial}");
        });
    }

    [Fact]
    public async Task Sync_VersionWithAnUnsafePath_ErrorReportedWithoutApplying()
    {
        await AtFirstVersionAsync(async (follower, monitor) =>
        {
            await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: two\n", ["../evil.conf"] = "evil\n" });

            var reports = await ReportsUntilAsync(monitor, follower, r => r.State == FollowerState.Error);
            reports.Select(r => r.State).Should().NotContain(FollowerState.Applying);
            (await follower.StatusAsync())[StatusFields.Error].Should().Contain("unsafe path");
            follower.Read(File).Should().Be("core: one\n");
        });
    }

    /// <summary>A started follower at a first version, and Redis's <c>MONITOR</c> feed from then on.</summary>
    private async Task AtFirstVersionAsync(Func<FollowerHarness, RedisMonitor, Task> test)
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: one\n" }));
        await using var monitor = await RedisMonitor.StartAsync(redis.Port);
        await test(follower, monitor);
    }

    private sealed record Report(string? State, string? Serial, string? Wanted, string? RestartRequested, string? RestartReason);

    /// <summary>The follower's status writes in the monitor's feed, once one matches <paramref name="last"/>.</summary>
    private static async Task<List<Report>> ReportsUntilAsync(RedisMonitor monitor, FollowerHarness follower, Func<Report, bool> last)
    {
        var key = follower.Leader.Keys.Follower(LeaderDouble.FollowerId).ToString();
        List<Report> Reports() => monitor.Commands
            .Where(c => c.Args.Length > 2 && c.Args[0].ToUpperInvariant() is "HSET" or "HMSET" && c.Args[1] == key)
            .Select(c => new Report(
                Field(c.Args, StatusFields.State), Field(c.Args, StatusFields.Serial), Field(c.Args, StatusFields.Wanted),
                Field(c.Args, StatusFields.RestartRequested), Field(c.Args, StatusFields.RestartReason)))
            .ToList();
        await Wait.UntilAsync(() => Reports().Any(last), TimeSpan.FromSeconds(10), "the follower's report in the monitor's feed");
        return Reports();
    }

    private static string? Field(string[] args, string name)
    {
        for (var i = 2; i + 1 < args.Length; i += 2)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
