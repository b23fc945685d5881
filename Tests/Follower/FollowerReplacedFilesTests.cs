using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The sync loop lets go of the files an apply replaced or deleted (<c>ReplacedFiles</c>) once a sync is over, whatever it
/// did, a failed apply included.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerReplacedFilesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_FileReplacedAndRestarted_OldFileLetGoOnceTheSyncIsOver()
    {
        // The restart step only queues its restarts (RestartQueue): the release comes after the report that follows it.
        await using var follower = await StartedAsync();

        var serial = await follower.Leader.PublishAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "core: v2\n" });

        await follower.WaitForAppliedAsync(serial);
        follower.Read("core/conf/core.yml").Should().Be("core: v2\n");
        await Wait.UntilAsync(() => OpenFiles.Under(follower.Root).Count == 0, Timeout, "the sync to let go of the file it replaced");
    }

    [Fact]
    public async Task RunAsync_ApplyFailsAfterReplacingAFile_LetGoOnceTheSyncHasFailed()
    {
        await using var follower = await StartedAsync();
        follower.Restarter.OnOwe = () => throw new IOException("the restart queue cannot be written (test)");

        await follower.Leader.PublishAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "core: v2\n" });

        await follower.WaitForStateAsync(FollowerState.Error, Timeout);
        follower.Read("core/conf/core.yml").Should().Be("core: v2\n");
        // Every retry fails too, with nothing left to write: only the release after the failed sync lets go of the old file.
        await Wait.UntilAsync(() => OpenFiles.Under(follower.Root).Count == 0, Timeout, "the failed sync to let go of the file it replaced");
    }

    private async Task<FollowerHarness> StartedAsync()
    {
        var follower = new FollowerHarness(redis);
        try
        {
            await follower.StartAsync();
            await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(new Dictionary<string, string> { ["core/conf/core.yml"] = "core: v1\n" }));
            return follower;
        }
        catch
        {
            await follower.DisposeAsync();
            throw;
        }
    }
}
