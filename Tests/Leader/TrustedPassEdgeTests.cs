using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Rollout;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The edges of a trusted pass (<see cref="TrustedPassTests"/>): Redis flushed under a pass that changes nothing, a pass
/// that finds Redis moved after it stored an earlier role, two passes of one pipeline at once, the replica count's age,
/// and a pass whose opening fails.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class TrustedPassEdgeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Run_RedisFlushedThenAnUnchangedPass_TheNextChangeStoresInANewGenerationWithTheSameSecret()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var keys = new RedisKeys(tree.Prefix);
        var secret = SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Role("core"), "SSO");
        var before = (long)await redis.Db.StringGetAsync(keys.Generation);
        await redis.Db.ExecuteAsync("FLUSHDB");

        var unchanged = (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core");
        tree.Value("DOMAIN", "second.test");
        var changed = (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core");

        unchanged.Stored.Should().BeFalse("nothing changed: the pass trusts what it stored and writes nothing");
        changed.Stored.Should().BeTrue();
        changed.Store!.Generation.Should().NotBe(before, "a generation Redis no longer holds is not continued");
        ((long)await redis.Db.StringGetAsync(keys.Generation)).Should().Be(changed.Store.Generation, "the generation key written again with the version");
        (await FileAsync(tree)).Should().Be($"domain second.test\nsso {secret}\n", "the state folder's secret, never a new one");
    }

    [Fact]
    public async Task Run_GenerationMovedAtALaterRole_EveryRoleStoredAgainInTheNewGeneration()
    {
        using var tree = Tree().Template("static", "b.conf", "name {{ NAME }}\n").Value("NAME", "one");
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var keys = new RedisKeys(tree.Prefix);
        var secret = SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Role("core"), "SSO");
        await redis.Db.ExecuteAsync("FLUSHDB");
        tree.Value("NAME", "two");

        var reports = await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);

        reports.Select(r => r.Role).Should().Equal("core", "static");
        reports.Should().OnlyContain(r => r.Stored, "core, unchanged in the first attempt, was gone with the rest of Redis");
        ((long?)await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(reports[0].Store!.Serial);
        reports[0].Store!.Generation.Should().Be(reports[1].Store!.Generation);
        (await FileAsync(tree)).Should().Be($"domain first.test\nsso {secret}\n");
        (await new LeaderHarness(redis, tree).FileAsync("static", "b.conf")).Should().Be("name two\n");
    }

    [Fact]
    public async Task Run_StaleReadAfterAnEarlierRoleStored_ThatRoleReportedStoredOnceAndTheRestChecked()
    {
        using var tree = Tree().Template("static", "b.conf", "domain {{ DOMAIN }}\n");
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var keys = new RedisKeys(tree.Prefix);
        tree.Value("DOMAIN", "second.test");
        var second = await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);
        var pinnedAt = second.Single(r => r.Role == "static").Store!.Serial - 1;
        await redis.Db.StringSetAsync(keys.Pin("static"), pinnedAt);
        tree.Value("DOMAIN", "third.test");

        var reports = await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);

        var core = reports.Single(r => r.Role == "core");
        core.Stored.Should().BeTrue("core was stored before the pin was seen: its report says so");
        core.Store!.Serial.Should().Be(second.Single(r => r.Role == "core").Store!.Serial + 1);
        ((long)await redis.Db.StringGetAsync(keys.Serial("core"))).Should().Be(core.Store.Serial, "core stored once, not again by the checking run");
        reports.Single(r => r.Role == "static").PinnedAt.Should().NotBeNull("the pin written by hand holds");
        reports.Select(r => r.Role).Should().Equal("core", "static");
        (await FileAsync(tree)).Should().StartWith("domain third.test\n");
    }

    [Fact]
    public async Task Run_TwoPassesAtOnce_BothStoredInOrderWithTheSameSecret()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var secret = SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Role("core"), "SSO");
        var first = tree.Value("DOMAIN", "a.test").Load();
        var second = tree.Value("DOMAIN", "b.test").Load();

        var passes = await Task.WhenAll(
            pipeline.RunAsync(first, "SIGHUP", trustStored: true), pipeline.RunAsync(second, "SIGHUP", trustStored: true));

        var serials = passes.Select(p => p.Single(r => r.Role == "core")).Select(r => r.Stored ? r.Store!.Serial : -1).ToArray();
        serials.Should().OnlyContain(s => s > 0, "each pass stored its own content");
        serials.Distinct().Should().HaveCount(2);
        var last = serials.Max() == serials[0] ? "a.test" : "b.test";
        (await FileAsync(tree)).Should().Be($"domain {last}\nsso {secret}\n");
        tree.Value("DOMAIN", "c.test");
        (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core").Store!.Serial.Should().Be(serials.Max() + 1);
        (await FileAsync(tree)).Should().Be($"domain c.test\nsso {secret}\n");
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(2, 0)]
    public async Task Open_TrustedPass_ReusesTheReplicaCountOnlyWhenAskedForLessThanASecondBefore(int secondsAgo, int expected)
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var settings = tree.Load();
        var clock = new ManualTime { Now = DateTimeOffset.UtcNow };
        var memo = pipeline.Memo! with { Replicas = Task.FromResult<int?>(7), AskedAt = clock.Now - TimeSpan.FromSeconds(secondsAgo) };

        var opened = await PassOpening.OpenAsync(
            redis.Admin, settings, new VersionStore(redis.Admin, settings.Keys, settings.HistoryLength), ["core"], ["core"], memo, memo.Secrets.State,
            _ => null, NullLogger.Instance, clock, CancellationToken.None);
        using (opened.Ledger)
        {
            opened.Ledger.GenerationUnread.Should().BeTrue("the record is the one the pipeline's last pass left");
            (await opened.Replicas).Should().Be(expected, "7 is the memo's; this Redis has no replica");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_PassWhoseOpeningFails_KeepsTheStateFolderItHeld(bool trusted)
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var settings = tree.Load();
        var held = pipeline.HeldSecrets;
        held.Should().NotBeNull();
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        var pass = () => pipeline.RunAsync(settings, "SIGHUP", trustStored: trusted, ct: stopped.Token);

        using (await StoreLedger.LockAsync(settings.StateDirectory))
        {
            await pass.Should().ThrowAsync<OperationCanceledException>("the pass is stopped while another process holds store.lock");
        }

        pipeline.HeldSecrets.Should().BeSameAs(held, "the next pass does not read the state folder again for this one's failure");
    }

    private static Task StartAsync(PlatformPipeline pipeline, LeaderTree tree) => TrustedPassSetup.StartAsync(pipeline, tree);

    private PlatformPipeline Pipeline() => TrustedPassSetup.Pipeline(redis);

    private LeaderTree Tree() => TrustedPassSetup.Tree(redis);

    private Task<string> FileAsync(LeaderTree tree) => TrustedPassSetup.FileAsync(redis, tree);
}
