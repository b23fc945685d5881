using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A config event naming the files changed since the version the follower holds (<see cref="ConfigDelta"/>) makes it
/// fetch only those; the version's signed sha256 still decides: a delta that is wrong, forged or from another base
/// costs the whole version's fetch, never a wrong file.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerDeltaFetchTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string A = "core/conf/core.yml";
    private const string B = "nginx/conf/nginx.conf";
    private const string C = "hfs/conf/hfs.yml";

    [Fact]
    public async Task Sync_DeltaFromTheHeldVersion_FetchesOnlyTheChangedFile()
    {
        await using var follower = new FollowerHarness(redis);
        var (held, monitor) = await StartAsync(follower);
        await using var _ = monitor;

        var serial = await AnnounceAsync(follower, Files("a", "b2", "c"), new ConfigDelta(held, [B], []));

        follower.Read(B).Should().Be("b2\n");
        var fetch = await Fetches(follower, monitor, serial);
        fetch.Should().Contain(c => c[0] == "HGET" && c[2] == B, "the changed file is read alone");
        fetch.Should().NotContain(c => c[0] == "HGETALL" && c[1] == Config(follower, serial), "the version is not read whole");
    }

    [Fact]
    public async Task Sync_DeltaRemovingAFile_DeletesItWithoutReadingTheVersion()
    {
        await using var follower = new FollowerHarness(redis);
        var (held, monitor) = await StartAsync(follower);
        await using var _ = monitor;

        var serial = await AnnounceAsync(follower, new Dictionary<string, string> { [A] = "a\n", [B] = "b\n" }, new ConfigDelta(held, [], [C]));

        File.Exists(follower.Path(C)).Should().BeFalse();
        follower.Read(A).Should().Be("a\n");
        (await Fetches(follower, monitor, serial)).Should().NotContain(c => c[0] == "HGETALL" && c[1] == Config(follower, serial));
        (await MetaReads(follower, monitor, serial)).Should().Contain(c => c[0] == "HMGET" && c.Contains("sha256"), "the version's meta is read in the sync's transaction");
    }

    [Fact]
    public async Task Sync_DeltaRemovingAFileTheVersionKeeps_KeepsItAndLogsTheDelta()
    {
        await using var follower = new FollowerHarness(redis);
        var (held, monitor) = await StartAsync(follower);
        await using var _ = monitor;

        var serial = await AnnounceAsync(follower, Files("a", "b2", "c"), new ConfigDelta(held, [B], [C]));

        follower.Read(C).Should().Be("c\n");
        follower.Read(B).Should().Be("b2\n");
        (await Fetches(follower, monitor, serial)).Should().Contain(c => c[0] == "HGETALL" && c[1] == Config(follower, serial));
        follower.Logs.Ours.Should().ContainSingle(e => e.EventId == 2510);
    }

    [Fact]
    public async Task Sync_DeltaNamingAnotherFile_FetchesTheWholeVersionAndAppliesIt()
    {
        // Someone who can publish on the channel (or a bug) names the wrong file: the put-together version does not match
        // its signed sha256, so the follower reads the version whole.
        await using var follower = new FollowerHarness(redis);
        var (held, monitor) = await StartAsync(follower);
        await using var _ = monitor;

        var serial = await AnnounceAsync(follower, Files("a", "b2", "c"), new ConfigDelta(held, [A], []));

        follower.Read(B).Should().Be("b2\n");
        follower.Read(A).Should().Be("a\n");
        (await Fetches(follower, monitor, serial)).Should().Contain(c => c[0] == "HGETALL" && c[1] == Config(follower, serial));
        follower.Logs.Ours.Should().ContainSingle(e => e.EventId == 2510).Which.Message.Should()
            .StartWith($"The config event of version {serial} of role core named changed files that do not make that version (content does not match its sha256")
            .And.EndWith("; reading the version whole");
    }

    [Fact]
    public async Task Sync_DeltaFromAnotherBase_FetchesTheWholeVersion()
    {
        await using var follower = new FollowerHarness(redis);
        var (_, monitor) = await StartAsync(follower);
        await using var __ = monitor;

        var serial = await AnnounceAsync(follower, Files("a", "b2", "c"), new ConfigDelta(new string('0', 64), [B], []));

        follower.Read(B).Should().Be("b2\n");
        (await Fetches(follower, monitor, serial)).Should().Contain(c => c[0] == "HGETALL" && c[1] == Config(follower, serial));
        follower.Logs.Has(2510).Should().BeFalse("a delta from a version the follower does not hold is not used, so not refused");
    }

    [Fact]
    public async Task Sync_DeltaNamingAFileTheVersionLacks_FetchesTheWholeVersion()
    {
        await using var follower = new FollowerHarness(redis);
        var (held, monitor) = await StartAsync(follower);
        await using var _ = monitor;

        var serial = await AnnounceAsync(follower, Files("a", "b2", "c"), new ConfigDelta(held, [B, "extra/file.conf"], []));

        follower.Read(B).Should().Be("b2\n");
        File.Exists(follower.Path("extra/file.conf")).Should().BeFalse();
        follower.Logs.Ours.Should().ContainSingle(e => e.EventId == 2510).Which.Message.Should().Contain("(a file it named is not in the version)");
        (await Fetches(follower, monitor, serial)).Should().Contain(c => c[0] == "HGETALL" && c[1] == Config(follower, serial));
    }

    [Fact]
    public async Task Sync_RightDeltaOfAVersionSignedWithAnotherKey_RefusesItWithoutBlamingTheDelta()
    {
        await using var follower = new FollowerHarness(redis);
        var (held, monitor) = await StartAsync(follower);
        await using var _ = monitor;
        var serial = await follower.Leader.StoreAsync(Files("a", "forged", "c"), key: "another-key-0123456789abcdef");

        await follower.Leader.PublishRawAsync(new ConfigEvent(LeaderDouble.Role, serial, await ShaAsync(follower, serial)) { Delta = new ConfigDelta(held, [B], []) }.ToJson());

        await follower.WaitForStateAsync(PryvBus.Shared.Status.FollowerState.Error);
        follower.Read(B).Should().Be("b\n");
        (await follower.StatusAsync())[PryvBus.Shared.Status.StatusFields.Error].Should().Contain("does not verify with this follower's key");
        follower.Logs.Has(2510).Should().BeFalse("the delta made the version; the version itself is refused");
    }

    private static Dictionary<string, string> Files(string a, string b, string c) => new() { [A] = a + "\n", [B] = b + "\n", [C] = c + "\n" };

    /// <summary>
    /// Starts the follower on a first version (read whole), then a second announced with its delta, so that no sync the
    /// start asked for is still to run (it would read the next version whole); then watches the server's commands.
    /// </summary>
    private async Task<(string HeldSha, RedisMonitor Monitor)> StartAsync(FollowerHarness follower)
    {
        await follower.StartAsync();
        var first = await follower.Leader.PublishAsync(Files("a", "b0", "c"));
        await follower.WaitForAppliedAsync(first);
        var serial = await AnnounceAsync(follower, Files("a", "b", "c"), new ConfigDelta(await ShaAsync(follower, first), [B], []));
        return (await ShaAsync(follower, serial), await RedisMonitor.StartAsync(redis.Port));
    }

    private async Task<string> ShaAsync(FollowerHarness follower, long serial) =>
        (await redis.Db.HashGetAsync(follower.Leader.Keys.Meta(LeaderDouble.Role, serial), "sha256"))!;

    private async Task<long> AnnounceAsync(FollowerHarness follower, Dictionary<string, string> files, ConfigDelta delta)
    {
        var serial = await follower.Leader.StoreAsync(files);
        await follower.Leader.PublishRawAsync(new ConfigEvent(LeaderDouble.Role, serial, await ShaAsync(follower, serial)) { Delta = delta }.ToJson());
        await follower.WaitForAppliedAsync(serial);
        return serial;
    }

    private static string Config(FollowerHarness follower, long serial) => follower.Leader.Keys.Config(LeaderDouble.Role, serial).ToString();

    /// <summary>The follower's commands naming the version's content key, once its report of the version is in the feed.</summary>
    private static Task<List<string[]>> Fetches(FollowerHarness follower, RedisMonitor monitor, long serial) =>
        CommandsOn(follower, monitor, serial, Config(follower, serial));

    /// <summary>The follower's commands naming the version's meta key, the same way.</summary>
    private static Task<List<string[]>> MetaReads(FollowerHarness follower, RedisMonitor monitor, long serial) =>
        CommandsOn(follower, monitor, serial, follower.Leader.Keys.Meta(LeaderDouble.Role, serial).ToString());

    private static async Task<List<string[]>> CommandsOn(FollowerHarness follower, RedisMonitor monitor, long serial, string key)
    {
        var statusKey = follower.Leader.Keys.Follower(LeaderDouble.FollowerId).ToString();
        await Wait.UntilAsync(
            () => monitor.CommandsOfStatusWriter(statusKey).Any(c => c[0] is "HSET" or "HMSET" && c[1] == statusKey && c.Contains(serial.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            TimeSpan.FromSeconds(10),
            "the follower's report of the version in the monitor's feed");
        return monitor.CommandsOfStatusWriter(statusKey).Where(c => c.Length > 1 && c[1] == key).ToList();
    }
}
