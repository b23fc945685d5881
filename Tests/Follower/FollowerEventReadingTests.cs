using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The event reader is never held by a container: a reload's restarts run beside it.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerEventReadingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static Dictionary<string, string> Content(string value) => new() { ["core/conf/core.yml"] = $"core: {value}\n" };

    [Fact]
    public async Task ConfigEvent_WhileAReloadsRestartRuns_IsReadAndApplied()
    {
        // No poll: only the event can bring the second version.
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromHours(1));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        follower.Restarter.Gate = () => release.Task;
        try
        {
            await follower.Leader.PublishRawAsync("reload core core");
            await Wait.UntilAsync(
                () => follower.Restarter.Calls.Any(c => c.Reason == "reload event"), TimeSpan.FromSeconds(10), "the reload's restart to start");

            await follower.Leader.PublishAsync(Content("two"));

            await Wait.UntilAsync(
                () => follower.Read("core/conf/core.yml") == "core: two\n", TimeSpan.FromSeconds(10), "the config event read while the restart runs");
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task ReloadEvents_WhileARestartRuns_AreMergedIntoOneNext()
    {
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromHours(1));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        follower.Restarter.Gate = () => release.Task;
        await follower.Leader.PublishRawAsync("reload core core");
        await Wait.UntilAsync(
            () => follower.Restarter.Calls.Count(c => c.Reason == "reload event") == 1, TimeSpan.FromSeconds(10), "the first reload's restart");

        await follower.Leader.PublishRawAsync("reload core nginx");
        await follower.Leader.PublishRawAsync("reload core hfs");
        await follower.Leader.PublishAsync(Content("two")); // read after both reloads: they were read too
        await Wait.UntilAsync(
            () => follower.Read("core/conf/core.yml") == "core: two\n", TimeSpan.FromSeconds(10), "the events after the reloads read");
        follower.Restarter.Gate = null;
        release.TrySetResult();

        await Wait.UntilAsync(
            () => follower.Restarter.Calls.Count(c => c.Reason == "reload event") == 2, TimeSpan.FromSeconds(10), "the merged reload");
        follower.Restarter.Calls.Where(c => c.Reason == "reload event").Select(c => c.Components)
            .Should().Equal("core", "hfs,nginx");
    }
}
