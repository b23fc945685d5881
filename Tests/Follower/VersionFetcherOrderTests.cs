using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A version put together from the held one by an event's delta carries its contents in the held version's paths'
/// order when the delta keeps every path, so that its digest looks up no path (a role of thousands of files costs its
/// bytes, not its lookups); a delta that adds or removes a path does not, and the digest looks every path up. Either
/// way the version verifies exactly as when it is read whole. Real Redis, the leader's own store.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class VersionFetcherOrderTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string A = "core/conf/core.yml";
    private const string B = "nginx/conf/nginx.conf";
    private const string C = "hfs/conf/hfs.yml";
    private const string D = "mail/conf/mail.yml";

    [Fact]
    public async Task FetchAnnounced_DeltaKeepingThePaths_PutsTheContentsInTheHeldOrder()
    {
        var (fetcher, leader, held) = await HeldAsync();
        var serial = await leader.StoreAsync(Files(("a", A), ("b2", B), ("c", C)));

        var read = await fetcher.FetchAnnouncedAsync(serial, null, held, new ConfigDelta(held.Sha256, [B], []));

        var fetched = read.Version!;
        fetched.ContentsInOrder.Should().NotBeNull();
        fetched.PathOrder.Should().Equal(A, C, B);
        for (var i = 0; i < fetched.PathOrder!.Length; i++)
        {
            fetched.ContentsInOrder![i].Should().BeSameAs(fetched.Files[fetched.PathOrder[i]], "each is the very array the files hold");
        }

        fetched.ContentsInOrder![2].Should().Equal("b2\n"u8.ToArray());
        fetched.ContentsInOrder[0].Should().BeSameAs(held.Files[A], "an unchanged file is the held version's own");
        await VerifiesAsWholeAsync(fetcher, fetched, serial);
    }

    [Theory]
    [InlineData("added")]
    [InlineData("removed")]
    public async Task FetchAnnounced_DeltaChangingThePaths_LeavesTheDigestToLookThemUp(string change)
    {
        var (fetcher, leader, held) = await HeldAsync();
        var (files, delta) = change == "added"
            ? (Files(("a", A), ("b", B), ("c", C), ("d", D)), new ConfigDelta(held.Sha256, [D], []))
            : (Files(("a", A), ("b", B)), new ConfigDelta(held.Sha256, [], [C]));
        var serial = await leader.StoreAsync(files);

        var fetched = (await fetcher.FetchAnnouncedAsync(serial, null, held, delta)).Version!;

        fetched.ContentsInOrder.Should().BeNull();
        fetched.Files.Keys.Should().BeEquivalentTo(files.Keys);
        await VerifiesAsWholeAsync(fetcher, fetched, serial);
    }

    [Fact]
    public async Task FetchAnnounced_DeltaNamingAFileTwice_KeepsTheContentsAndTheFilesTheSame()
    {
        // The event is anyone's who may publish: a path named twice is read twice, and both reads land in both places.
        var (fetcher, leader, held) = await HeldAsync();
        var serial = await leader.StoreAsync(Files(("a", A), ("b2", B), ("c", C)));

        var fetched = (await fetcher.FetchAnnouncedAsync(serial, null, held, new ConfigDelta(held.Sha256, [B, B], []))).Version!;

        fetched.ContentsInOrder![2].Should().BeSameAs(fetched.Files[B]);
        await VerifiesAsWholeAsync(fetcher, fetched, serial);
    }

    /// <summary>A fetcher of the leader double's role, holding a first version read whole and verified.</summary>
    private async Task<(VersionFetcher Fetcher, LeaderDouble Leader, VerifiedVersion Held)> HeldAsync()
    {
        var settings = new FollowerSettings
        {
            Id = LeaderDouble.FollowerId,
            Role = LeaderDouble.Role,
            Key = LeaderDouble.FollowerKey,
            KeyPrefix = RedisServer.NewPrefix(),
            Redis = new RedisSettings { Configuration = redis.Endpoint },
            ConfigRoot = "/nonexistent",
        };
        var leader = new LeaderDouble(redis.Admin, settings.KeyPrefix);
        var fetcher = new VersionFetcher(settings, redis.Admin, NullLogger<VersionFetcher>.Instance);
        var first = await leader.StoreAsync(Files(("a", A), ("b", B), ("c", C)));
        var held = VersionVerifier.Verify((await fetcher.FetchAsync(first))!, LeaderDouble.FollowerId, LeaderDouble.FollowerKey);
        return (fetcher, leader, held);
    }

    private static async Task VerifiesAsWholeAsync(VersionFetcher fetcher, FetchedVersion fetched, long serial)
    {
        var verified = VersionVerifier.Verify(fetched, LeaderDouble.FollowerId, LeaderDouble.FollowerKey);
        var whole = VersionVerifier.Verify((await fetcher.FetchAsync(serial))!, LeaderDouble.FollowerId, LeaderDouble.FollowerKey);
        verified.Sha256.Should().Be(whole.Sha256);
        verified.Files.Should().BeEquivalentTo(whole.Files);
    }

    private static Dictionary<string, string> Files(params (string Content, string Path)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Content + "\n", StringComparer.Ordinal);
}
