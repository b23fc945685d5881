using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A pass reads each role's pin once it holds <c>store.lock</c>, never before: a rollback holds that lock from its store
/// to its pin, so a pass that waited for the lock sees the pin and keeps the rolled-back content instead of storing its
/// render on top of it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PinUnderLockTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Run_RolePinnedWhileThePassWaitsForStoreLock_PinnedContentKept()
    {
        using var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n")
            .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        var lockFile = Path.Combine(tree.Load().StateDirectory, StoreLedger.LockFile);
        tree.Value("DOMAIN", "second.test").Save();

        Task<IReadOnlyList<PryvBus.Leader.Pipeline.RoleReport>> pass;
        using (await StateFiles.LockAsync(lockFile, TimeSpan.FromSeconds(5)))
        {
            pass = leader.RunAsync("second");
            await Wait.UntilAsync(() => OpenCount(lockFile) >= 2, TimeSpan.FromSeconds(30), "the pass to wait for store.lock");
            await redis.Db.StringSetAsync(leader.Keys.Pin("core"), 1); // what a rollback writes before it lets the lock go
        }

        var report = (await pass).Single();

        report.PinnedAt.Should().Be(1, "the pin was set before the pass held the lock");
        report.Stored.Should().BeFalse();
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().Be("domain: pryv.test\n", "the pinned content, not the render");
    }

    /// <summary>How many descriptors of this process name <paramref name="path"/> (the test's lock and the pass's).</summary>
    private static int OpenCount(string path) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == path;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
