using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The follower executable's start (<c>Program.cs</c>): it connects to Redis while its host is built, so these run the
/// real process. Redis down at start must still mean "wait and retry", never "give up".
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class FollowerStartTests
{
    [Fact]
    public async Task Start_RedisUpOnlyAfterTheFollowerStarted_ConvergesOnTheStoredVersion()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        await using var follower = new FollowerHarness(redis);
        var config = CrashScenario.WriteSettings(redis, follower);
        await redis.KillAsync();

        using var process = FollowerProcess.Start(config);
        await Wait.UntilAsync(
            () => process.Output.Contains("Redis is unreachable", StringComparison.Ordinal) || process.HasExited,
            TimeSpan.FromSeconds(30),
            "the follower to report Redis unreachable");
        process.HasExited.Should().BeFalse("Redis down at start is an outage to wait out (output: {0})", process.Output);

        await redis.StartAsync();
        await Wait.UntilAsync(() => redis.Admin.IsConnected, TimeSpan.FromSeconds(10), "the test's own connection");
        var serial = await follower.Leader.StoreAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "core: stored\n" });

        await Wait.UntilAsync(() => follower.Manifest()?.Serial == serial, TimeSpan.FromSeconds(30), "the follower to apply the stored version");
        follower.Read("core/conf/core.yml").Should().Be("core: stored\n");
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.State) == FollowerState.Ok,
            TimeSpan.FromSeconds(10),
            "the follower to report ok");
        process.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task Start_RedisUp_ConvergesOnTheStoredVersion()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        await using var follower = new FollowerHarness(redis);
        var serial = await follower.Leader.StoreAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "core: stored\n" });

        using var process = FollowerProcess.Start(CrashScenario.WriteSettings(redis, follower));

        await Wait.UntilAsync(() => follower.Manifest()?.Serial == serial, TimeSpan.FromSeconds(30), "the follower to apply the stored version");
        follower.Read("core/conf/core.yml").Should().Be("core: stored\n");
        process.HasExited.Should().BeFalse();
    }
}
