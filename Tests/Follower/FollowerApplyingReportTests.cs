using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The <c>applying</c> report, seen in Redis's <c>MONITOR</c> feed: a change that writes several files is reported
/// <c>applying</c>, then <c>ok</c> at its serial; a one-file change is reported once, <c>ok</c> at its serial (its apply is
/// one durable write: an <c>applying</c> would cost a round trip no one sees); a version the apply refuses
/// (an unsafe path) goes from the last report straight to its error, without an <c>applying</c> it never started.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerApplyingReportTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string File = "core/conf/core.yml";
    private const string Other = "hfs/conf/hfs.yml";

    [Fact]
    public async Task Sync_SeveralFilesChange_ReportsApplyingThenOkAtTheNewSerial()
    {
        await AtFirstVersionAsync(async (follower, monitor) =>
        {
            var serial = await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: two\n", [Other] = "hfs: two\n" });
            await follower.WaitForAppliedAsync(serial);

            var reports = (await ReportsUntilAsync(monitor, follower, r => r.State == FollowerState.Ok && r.Serial == $"{serial}"))
                .Where(r => r.Wanted == $"{serial}").ToList();
            reports.Select(r => r.State).Should().StartWith([FollowerState.Applying, FollowerState.Ok]);
            follower.Read(File).Should().Be("core: two\n");
        });
    }

    [Fact]
    public async Task Sync_OneFileChangeOfAComponent_OneReportOkWithTheRestartRequest()
    {
        await AtFirstVersionAsync(async (follower, monitor) =>
        {
            var serial = await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: two\n", [Other] = "hfs: one\n" });

            // One status write for the change: the report of the apply, with the restart it asked for; no "applying" before.
            var reports = (await ReportsUntilAsync(monitor, follower, r => r.State == FollowerState.Ok && r.Serial == $"{serial}"))
                .Where(r => r.Wanted == $"{serial}").ToList();
            reports[0].Should().Match<Report>(r => r.State == FollowerState.Ok && r.Serial == $"{serial}");
            reports[0].RestartRequested.Should().Be("core");
            reports[0].RestartReason.Should().Be($"version {serial}");
            follower.Read(File).Should().Be("core: two\n");
        });
    }

    [Fact]
    public async Task Sync_VersionWithAnUnsafePath_ErrorReportedWithoutApplying()
    {
        await AtFirstVersionAsync(async (follower, monitor) =>
        {
            await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: two\n", [Other] = "hfs: one\n", ["../evil.conf"] = "evil\n" });

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
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(new Dictionary<string, string> { [File] = "core: one\n", [Other] = "hfs: one\n" }));
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
