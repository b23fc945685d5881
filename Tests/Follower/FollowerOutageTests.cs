using PryvBus.Shared.Status;
using PryvBus.Follower.Reporting;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>Redis outages: each test owns its redis-server, since it kills it.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerOutageTests
{
    [Fact]
    public async Task RunAsync_RedisKilledAndRestartedMidStream_KeepsFilesAndConverges()
    {
        await using var redis = new OwnedRedis();
        await redis.Server.InitializeAsync();
        await using var follower = new FollowerHarness(redis.Server);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("two")));

        await redis.Server.KillAsync();

        // While Redis is away the files stay as they are and the follower keeps running.
        await Wait.UntilAsync(() => follower.Manifest() is not null, TimeSpan.FromSeconds(1), "manifest");
        follower.Read("core/conf/core.yml").Should().Be("core: two\n");
        follower.Running!.IsCompleted.Should().BeFalse();

        // The restarted server has lost its data (no persistence). A version stored again from serial 1 in the same
        // generation (a leader that forgot what it stored) is older than the applied serial 2: the follower keeps its
        // files and says why, instead of applying it as if it were newer.
        await redis.Server.StartAsync();
        await Wait.UntilAsync(() => redis.Server.Admin.IsConnected, TimeSpan.FromSeconds(10), "the test's own connection");
        follower.Leader.Restart(generation: 1);
        (await follower.Leader.PublishAsync(Content("stale"))).Should().Be(1);
        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains("older than the applied 2", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(20), "the follower to refuse the older version");
        follower.Read("core/conf/core.yml").Should().Be("core: two\n");

        // The real leader starts a new generation when the store lost its generation; then the follower converges,
        // although the new serial is lower than the applied one.
        follower.Leader.Restart(generation: 2);
        var serial = await follower.Leader.PublishAsync(Content("three"));
        serial.Should().Be(2);

        await follower.WaitForAppliedAsync(serial, TimeSpan.FromSeconds(20));
        follower.Read("core/conf/core.yml").Should().Be("core: three\n");
        follower.Running.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_RedisDownAtStart_WaitsAndConvergesWhenBack()
    {
        await using var redis = new OwnedRedis();
        await redis.Server.InitializeAsync();
        await using var follower = new FollowerHarness(redis.Server, pollInterval: TimeSpan.FromSeconds(1));
        follower.Temp.Write("pryv/core/conf/core.yml", "core: from before\n");
        await redis.Server.KillAsync();

        await follower.StartAsync();
        follower.Running!.IsCompleted.Should().BeFalse("a backend outage never stops the follower");
        follower.Read("core/conf/core.yml").Should().Be("core: from before\n");

        await redis.Server.StartAsync();
        await Wait.UntilAsync(() => redis.Server.Admin.IsConnected, TimeSpan.FromSeconds(10), "the test's own connection");
        var serial = await follower.Leader.PublishAsync(Content("leader"));

        await follower.WaitForAppliedAsync(serial, TimeSpan.FromSeconds(20));
        follower.Read("core/conf/core.yml").Should().Be("core: leader\n");
        (await follower.StatusAsync())[StatusFields.State].Should().Be(FollowerState.Ok);
    }

    private static Dictionary<string, string> Content(string value) => new() { ["core/conf/core.yml"] = $"core: {value}\n" };

    /// <summary>A redis-server for one test only.</summary>
    private sealed class OwnedRedis : IAsyncDisposable
    {
        public RedisServer Server { get; } = new();

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }
}
