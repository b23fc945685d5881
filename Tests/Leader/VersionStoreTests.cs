using System.Text;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public class VersionStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly FollowerEntry Core1 = new("core-1", "core", "key-of-core-1-0123456789");
    private readonly MemoryLedger _ledger = new();

    private static RenderedVersion Version(string content, string role = "core") =>
        new(role, new Dictionary<string, byte[]> { ["core/conf/core.yml"] = Encoding.UTF8.GetBytes(content) });

    [Fact]
    public async Task StoreAsync_FirstVersion_WritesTheKeySchema()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 10);

        var result = await store.StoreAsync(Version("a: 1"), [Core1], "test", _ledger);

        result.Should().Be(new StoreResult(StoreOutcome.Stored, "core", 1, Version("a: 1").Sha256, 1));
        (await redis.Db.HashGetAsync(keys.Meta("core", 1), MetaFields.Generation)).Should().Be((RedisValue)"1");
        ((long)await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(1);
        ((string?)await redis.Db.HashGetAsync(keys.Config("core", 1), "core/conf/core.yml")).Should().Be("a: 1");
        var meta = (await redis.Db.HashGetAllAsync(keys.Meta("core", 1))).ToStringDictionary();
        meta[MetaFields.Sha256].Should().Be(result.Sha256);
        meta[MetaFields.Reason].Should().Be("test");
        meta[MetaFields.Files].Should().Be("1");
        meta[MetaFields.Created].Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        meta["sig:core-1"].Should().Be(VersionSignature.Sign(Core1.Key, "core", 1, 1, result.Sha256));
        (await redis.Db.ListRangeAsync(keys.History("core"))).Select(v => (long)v).Should().Equal(1);
        (await redis.Db.SetMembersAsync(keys.Roles)).Select(v => (string?)v).Should().Equal("core");
    }

    [Fact]
    public async Task StoreAsync_SerialReservedButNeverCommitted_RepairSaysSoWithoutClaimingLostWrites()
    {
        var store = new VersionStore(redis.Admin, new RedisKeys(RedisServer.NewPrefix()), 10);
        await store.StoreAsync(Version("a: 1"), [Core1], "first", _ledger);
        await _ledger.ReserveAsync("core", 2, CancellationToken.None); // the leader was killed before its commit

        var result = await store.StoreAsync(Version("a: 1"), [Core1], "next pass", _ledger);

        result.Serial.Should().Be(3, "serial 2 may have reached a follower: never handed out again");
        result.Repair.Should().NotContain("lost writes", "a pass killed between its reservation and its commit is as likely")
            .And.Contain("interrupted");
    }

    [Fact]
    public async Task StoreAsync_SameContent_KeepsTheSerial()
    {
        var store = new VersionStore(redis.Admin, new RedisKeys(RedisServer.NewPrefix()), 10);
        await store.StoreAsync(Version("a: 1"), [Core1], "first", _ledger);

        var again = await store.StoreAsync(Version("a: 1"), [Core1], "second", _ledger);

        again.Outcome.Should().Be(StoreOutcome.Unchanged);
        again.Serial.Should().Be(1);
    }

    [Fact]
    public async Task StoreAsync_NewContent_IncrementsTheSerial()
    {
        var store = new VersionStore(redis.Admin, new RedisKeys(RedisServer.NewPrefix()), 10);
        await store.StoreAsync(Version("a: 1"), [Core1], "first", _ledger);

        var next = await store.StoreAsync(Version("a: 2"), [Core1], "second", _ledger);

        next.Should().Match<StoreResult>(r => r.Outcome == StoreOutcome.Stored && r.Serial == 2);
        (await store.ReadAsync("core"))!.Files["core/conf/core.yml"].Should().Equal(Encoding.UTF8.GetBytes("a: 2"));
    }

    [Fact]
    public async Task StoreAsync_BeyondHistoryLength_DeletesTheOldestVersions()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 3);

        for (var i = 1; i <= 6; i++)
        {
            await store.StoreAsync(Version($"a: {i}"), [Core1], "test", _ledger);
        }

        (await store.HistoryAsync("core")).Should().Equal(4, 5, 6);
        for (var old = 1; old <= 3; old++)
        {
            (await redis.Db.KeyExistsAsync(keys.Config("core", old))).Should().BeFalse();
            (await redis.Db.KeyExistsAsync(keys.Meta("core", old))).Should().BeFalse();
        }

        (await redis.Db.KeyExistsAsync(keys.Config("core", 4))).Should().BeTrue();
    }

    [Fact]
    public async Task StoreAsync_FollowerAddedWithoutContentChange_AddsItsSignatureInPlace()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 10);
        var result = await store.StoreAsync(Version("a: 1"), [Core1], "first", _ledger);
        var core2 = new FollowerEntry("core-2", "core", "key-of-core-2-0123456789");

        await store.StoreAsync(Version("a: 1"), [core2], "follower swap", _ledger);

        var meta = (await redis.Db.HashGetAllAsync(keys.Meta("core", 1))).ToStringDictionary();
        meta.Should().ContainKey("sig:core-2").WhoseValue.Should().Be(VersionSignature.Sign(core2.Key, "core", 1, 1, result.Sha256));
        meta.Should().NotContainKey("sig:core-1");
    }

    [Fact]
    public async Task StoreAsync_OnlyFollowersOfTheRole_AreSigned()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 10);

        await store.StoreAsync(Version("a: 1"), [Core1, new FollowerEntry("static-1", "static", "key-of-static-1-0123456")], "test", _ledger);

        (await redis.Db.HashExistsAsync(keys.Meta("core", 1), "sig:static-1")).Should().BeFalse();
    }

    [Fact]
    public async Task StoreAsync_ManyStores_ReaderNeverSeesAPartialVersion()
    {
        // A follower reads serial, then content and meta: each must be complete and consistent.
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 50);
        await store.StoreAsync(ManyFiles(0), [Core1], "seed", _ledger);
        using var done = new CancellationTokenSource();
        var problems = new List<string>();
        var reads = 0;

        var reader = Task.Run(async () =>
        {
            var db = redis.Db;
            while (!done.IsCancellationRequested)
            {
                var serial = (long)await db.StringGetAsync(keys.Serial("core"));
                var batch = db.CreateBatch();
                var files = batch.HashGetAllAsync(keys.Config("core", serial));
                var meta = batch.HashGetAllAsync(keys.Meta("core", serial));
                batch.Execute();
                var content = (await files).ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!);
                var metaValues = (await meta).ToStringDictionary();
                reads++;
                if (content.Count != 20 || !metaValues.TryGetValue(MetaFields.Sha256, out var sha)
                    || VersionDigest.Compute(content, new HashSet<string>()) != sha)
                {
                    problems.Add($"serial {serial}: {content.Count} files, meta {metaValues.Count} fields");
                }
            }
        });

        for (var i = 1; i <= 100; i++)
        {
            await store.StoreAsync(ManyFiles(i), [Core1], "burst", _ledger);
        }

        await done.CancelAsync();
        await reader;
        reads.Should().BeGreaterThan(0);
        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task StoreAsync_TwoWritersRacing_NeverShareASerial()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var a = new VersionStore(redis.Admin, keys, 100);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Options());
        var b = new VersionStore(connection, keys, 100);

        var other = new MemoryLedger();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            i % 2 == 0 ? a.StoreAsync(Version($"v: {i}"), [Core1], "race", _ledger) : b.StoreAsync(Version($"v: {i}"), [Core1], "race", other)));

        // A loser of a race has reserved a serial it did not get: serials may skip, but are never shared or lost.
        results.Select(r => r.Serial).Should().OnlyHaveUniqueItems().And.HaveCount(40);
        ((long)await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(results.Max(r => r.Serial));
    }

    [Fact]
    public async Task StoreAsync_GeneratedSecretStoredMeanwhile_ReturnsSecretConflictAndWritesNothing()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 10);
        await redis.Db.HashSetAsync(keys.RoleSecrets("core"), "SSO", "already-there");
        var version = new RenderedVersion(
            "core",
            new Dictionary<string, byte[]> { ["a.conf"] = "sso: generated"u8.ToArray() },
            newSecrets: [new NewSecret(keys.RoleSecrets("core"), "SSO", "generated")]);

        var result = await store.StoreAsync(version, [Core1], "test", _ledger);

        result.Outcome.Should().Be(StoreOutcome.SecretConflict);
        (await redis.Db.KeyExistsAsync(keys.Serial("core"))).Should().BeFalse();
        ((string?)await redis.Db.HashGetAsync(keys.RoleSecrets("core"), "SSO")).Should().Be("already-there");
    }

    private static RenderedVersion ManyFiles(int generation) => new(
        "core",
        Enumerable.Range(0, 20).ToDictionary(i => $"c{i}/conf/f.conf", i => Encoding.UTF8.GetBytes($"gen {generation} file {i} " + new string('x', 500))));
}
