using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Leader;

/// <summary>
/// <c>status --watch</c> with its standard output redirected (a pipe, as in CI): a plain line as soon as a follower's
/// state is known and each time it changes, not everything at the end.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StatusWatchRedirectedTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task StatusWatch_StdoutRedirected_PrintsALinePerChangeThenTheSummary()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n")
            .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);
        var config = tree.Save();
        using (var render = ProgramProcess.Start("Leader", "pryvbus-leader", ["render", "--config", config]))
        {
            (await render.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, render.Stderr);
        }

        using var watch = ProgramProcess.Start("Leader", "pryvbus-leader", ["status", "--watch", "--timeout", "60", "--config", config]);
        await Wait.UntilAsync(() => watch.Stdout.Contains($"{LeaderDouble.FollowerId} (core): applied -", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the first line while the follower is behind");
        watch.HasExited.Should().BeFalse("the line came while watching, not at the end");

        await using var follower = new FollowerHarness(redis, prefix: tree.Prefix);
        await follower.StartAsync();

        (await watch.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, watch.Stderr);
        var lines = watch.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith($"{LeaderDouble.FollowerId} (core): applied - of 1");
        lines[^2].Should().StartWith($"{LeaderDouble.FollowerId} (core): applied 1 of 1").And.EndWith("state ok, converged");
        lines[^1].Should().Be("all 1 follower(s) converged");
        lines.Should().OnlyHaveUniqueItems("a line is printed only when something changed");
    }
}
