using PryvBus.Leader.Pipeline;
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
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        var lockFile = Path.Combine(tree.Load().StateDirectory, StoreLedger.LockFile);
        tree.Value("DOMAIN", "second.test").Save();

        Task<IReadOnlyList<RoleReport>> pass;
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

    [Fact]
    public async Task Rollback_PinsWhileItStillHoldsStoreLock()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        tree.Value("DOMAIN", "second.test").Save();
        await leader.RunAsync("second");
        var settings = tree.Load();
        var (probed, probe) = PinWriteProbe.Wrap(redis.Admin, settings.StateDirectory);

        var result = await new Rollback(probed, settings).RollbackAsync("core", 1);

        result.Serial.Should().Be(3);
        probe.LockHeldAtPinWrites.Should().Equal([true], "a pass that waits for store.lock must find the pin set");
    }

    [Fact]
    public async Task Unpin_WhileAPassHoldsStoreLock_WaitsForIt()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first");
        var settings = tree.Load();
        var lockFile = Path.Combine(settings.StateDirectory, StoreLedger.LockFile);
        await redis.Db.StringSetAsync(leader.Keys.Pin("core"), 1);

        Task<bool> unpin;
        using (await StateFiles.LockAsync(lockFile, TimeSpan.FromSeconds(5)))
        {
            unpin = new Rollback(redis.Admin, settings).UnpinAsync("core");
            await Wait.UntilAsync(() => OpenCount(lockFile) >= 2, TimeSpan.FromSeconds(30), "the unpin to wait for store.lock");
            unpin.IsCompleted.Should().BeFalse();
            (await redis.Db.KeyExistsAsync(leader.Keys.Pin("core"))).Should().BeTrue("the pass holding the lock read its pins once");
        }

        (await unpin).Should().BeTrue();
        (await redis.Db.KeyExistsAsync(leader.Keys.Pin("core"))).Should().BeFalse();
    }

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n")
        .Follower(LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey);

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
