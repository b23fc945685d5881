using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A trusted pass (an operator's change) that follows a pass of the same pipeline reads nothing before its store when
/// the state folder's record is the one that pass left (<see cref="PassMemo"/>): the secrets' reconciliation is reused,
/// the generation taken from the record, each pin taken as absent, and the store's transaction is conditioned on both.
/// When either moved (Redis flushed or restored, a generation or a pin written by hand) or another process used the
/// ledger, the pass reads everything, as every pass did before. Commands are counted with <c>INFO commandstats</c> of
/// this class's own redis-server.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class TrustedPassTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Run_TrustedPassAfterAnother_ReadsNothingBeforeItsStore()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        tree.Value("DOMAIN", "second.test");
        var counts = await CommandStats.DuringAsync(redis, () => pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true));

        (await FileAsync(tree)).Should().StartWith("domain second.test\n");
        counts.GetValueOrDefault("hgetall").Should().Be(0, "the secrets are the previous pass's reconciliation");
        counts.GetValueOrDefault("get").Should().Be(2, "the transaction's conditions only: the role's serial and the generation");
        counts.GetValueOrDefault("exists").Should().Be(1, "the transaction's condition that the role has no pin");
        counts.GetValueOrDefault("exec").Should().Be(1);
    }

    [Fact]
    public async Task Run_GenerationWrittenByHandBetweenPasses_ReadsEverythingAndStoresInANewGeneration()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var keys = new RedisKeys(tree.Prefix);
        var foreign = (long)await redis.Db.StringGetAsync(keys.Generation) + 1_000;
        await redis.Db.StringSetAsync(keys.Generation, foreign);
        tree.Value("DOMAIN", "second.test");

        var report = (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core");

        report.Stored.Should().BeTrue();
        report.Store!.Generation.Should().BeGreaterThan(foreign, "a generation this leader never wrote in is not continued");
        (await FileAsync(tree)).Should().StartWith("domain second.test\n");
    }

    [Fact]
    public async Task Run_RedisFlushedBetweenPasses_ReadsEverythingAndRestoresTheSameSecret()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        var secret = SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Role("core"), "SSO");
        await redis.Db.ExecuteAsync("FLUSHDB");
        tree.Value("DOMAIN", "second.test");

        var report = (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core");

        report.Stored.Should().BeTrue();
        (await FileAsync(tree)).Should().Be($"domain second.test\nsso {secret}\n", "the state folder's secret, never a new one");
        ((string?)await redis.Db.HashGetAsync(new RedisKeys(tree.Prefix).RoleSecrets("core"), "SSO")).Should().Be(secret, "restored in Redis");
    }

    [Fact]
    public async Task Run_PinnedByHandBetweenPasses_PinnedContentKept()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        tree.Value("DOMAIN", "second.test");
        await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);
        await redis.Db.StringSetAsync(new RedisKeys(tree.Prefix).Pin("core"), 1);
        tree.Value("DOMAIN", "third.test");

        var report = (await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true)).Single(r => r.Role == "core");

        report.PinnedAt.Should().NotBeNull();
        ((long)await redis.Db.StringGetAsync(new RedisKeys(tree.Prefix).Pin("core"))).Should().Be(report.PinnedAt!.Value, "the pin moved with its content");
        (await FileAsync(tree)).Should().StartWith("domain first.test\n", "serial 1's content, stored again above serial 2");
    }

    [Fact]
    public async Task Run_AnotherProcessUsedTheLedgerBetweenPasses_ReadsEverything()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        tree.Value("DOMAIN", "other.test");
        await Pipeline().RunAsync(tree.Load(), "render command");
        tree.Value("DOMAIN", "mine.test");

        var counts = await CommandStats.DuringAsync(redis, () => pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true));

        counts.GetValueOrDefault("hgetall").Should().BeGreaterThan(0, "the record is not the one this pipeline left: the secrets are reconciled again");
        (await FileAsync(tree)).Should().StartWith("domain mine.test\n");
    }

    [Fact]
    public async Task Run_SecretRotatedBetweenPasses_ReconcilesAndRendersTheRotatedValue()
    {
        using var tree = Tree();
        var pipeline = Pipeline();
        await StartAsync(pipeline, tree);
        await SecretState.Open(tree.Load(), _ => null).SetAsync([(SecretScopes.Role("core"), "SSO", "rotated-by-another-process")]);
        tree.Value("DOMAIN", "second.test");

        await pipeline.RunAsync(tree.Load(), "SIGHUP", trustStored: true);

        (await FileAsync(tree)).Should().Be("domain second.test\nsso rotated-by-another-process\n");
        ((string?)await redis.Db.HashGetAsync(new RedisKeys(tree.Prefix).RoleSecrets("core"), "SSO")).Should().Be("rotated-by-another-process");
    }

    private static Task StartAsync(PlatformPipeline pipeline, LeaderTree tree) => TrustedPassSetup.StartAsync(pipeline, tree);

    private PlatformPipeline Pipeline() => TrustedPassSetup.Pipeline(redis);

    private LeaderTree Tree() => TrustedPassSetup.Tree(redis);

    private Task<string> FileAsync(LeaderTree tree) => TrustedPassSetup.FileAsync(redis, tree);
}
