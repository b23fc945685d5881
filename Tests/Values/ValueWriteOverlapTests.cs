using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;
using StackExchange.Redis;

namespace PryvBus.Tests.Values;

/// <summary>
/// A value change's pass reads its inputs and renders while the settings file is being written, and stores nothing
/// before the write has landed (docs/performance.md, "The settings file written while the pass renders"): whatever
/// becomes of the write, no version is ever made of a value the file does not hold.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ValueWriteOverlapTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SetAsync_FileStillBeingWritten_PassWaitsAtItsStoreThenStores()
    {
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        var (service, serialKey, first) = await StartAsync(tree);
        using var owned = service;
        RedisValue serialThen = default;
        // The write's own thread, its temp file complete: the pass has come to its store meanwhile, and stored nothing.
        using var hold = new HeldRename(service, () => serialThen = redis.Db.StringGet(serialKey));

        var outcome = await SetPortAsync(service, 4000, "overlap");

        hold.ReachedStore.Should().BeTrue("the pass renders while the file is written, not after");
        ((long)serialThen).Should().Be(first, "nothing is stored before the file holds the value");
        outcome.Kind.Should().Be(ValueOutcomeKind.Changed);
        outcome.Reports.Single(r => r.Role == "core").Store!.Serial.Should().BeGreaterThan(first);
        (await SiteConfAsync(tree)).Should().Contain("listen 4000;");
    }

    [Fact]
    public async Task SetAsync_FileEditedByHandBeforeTheRename_StaleAndNothingStored()
    {
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        var (service, serialKey, first) = await StartAsync(tree);
        using var owned = service;
        using var hold = new HeldRename(service, () =>
        {
            ((JsonObject)tree.Config["platform"]!["PORT"]!)["value"] = 3500;
            tree.Save();
        });

        var outcome = await SetPortAsync(service, 4000, "raced");

        hold.ReachedStore.Should().BeTrue("the pass had rendered 4000 and was waiting to store it");
        outcome.Kind.Should().Be(ValueOutcomeKind.Stale);
        ((long)await redis.Db.StringGetAsync(serialKey)).Should().Be(first, "the pass rendered 4000, which the file never held");
        SettingsLoader.Load(tree.ConfigPath).Platform["PORT"].Display.Should().Be("3500");
    }

    [Fact]
    public async Task SetAsync_WriteFailsAfterThePassRendered_NothingStoredAndTheFailureAnswered()
    {
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        var (service, serialKey, first) = await StartAsync(tree);
        using var owned = service;
        using var hold = new HeldRename(service, () => throw new IOException("simulated full disk"));

        var act = () => SetPortAsync(service, 4000, "full disk");

        (await act.Should().ThrowAsync<IOException>()).WithMessage("simulated full disk");
        hold.ReachedStore.Should().BeTrue("the pass had rendered 4000 and was waiting to store it");
        ((long)await redis.Db.StringGetAsync(serialKey)).Should().Be(first);
        SettingsLoader.Load(tree.ConfigPath).Platform["PORT"].Display.Should().Be("3000");
    }

    [Fact]
    public async Task SetAsync_UnpinnedWhileThePassWaitsForTheWrite_NewValueStored()
    {
        // The pin is read with the ledger's read; a wait for the write reads it again before the store (a pin deleted by hand).
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        var (service, _, first) = await StartAsync(tree);
        using var owned = service;
        var pinKey = new LeaderHarness(redis, tree).Keys.Pin("core");
        await redis.Db.StringSetAsync(pinKey, first);
        using var hold = new HeldRename(service, () => redis.Db.KeyDelete(pinKey));

        var outcome = await SetPortAsync(service, 4000, "unpinned");

        hold.ReachedStore.Should().BeTrue();
        var core = outcome.Reports.Single(r => r.Role == "core");
        core.PinnedAt.Should().BeNull();
        core.Store!.Serial.Should().BeGreaterThan(first);
        (await SiteConfAsync(tree)).Should().Contain("listen 4000;");
    }

    [Fact]
    public async Task SetAsync_ValueRefused_NothingLeftAndTheNextChangeWorks()
    {
        // A refusal writes nothing, leaves no temp file and lets the values' lock go.
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        var (service, serialKey, first) = await StartAsync(tree);
        using var owned = service;
        var before = File.ReadAllText(tree.ConfigPath);

        var refused = await SetPortAsync(service, 70000, "too high")
            .WaitAsync(Patience);

        refused.Kind.Should().Be(ValueOutcomeKind.Invalid);
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
        Directory.EnumerateFiles(Path.GetDirectoryName(tree.ConfigPath)!).Should().ContainSingle("no temp file is left beside it");
        ((long)await redis.Db.StringGetAsync(serialKey)).Should().Be(first);
        var next = await SetPortAsync(service, 4000, "in range")
            .WaitAsync(Patience);
        next.Kind.Should().Be(ValueOutcomeKind.Changed);
    }

    [Fact]
    public async Task SetAsync_ValueChanged_TheReplacedSettingsFileLetGoOnceLanded()
    {
        // The write keeps the file it replaced open over its rename and lets go once the pass was told (SettingsFile.Replace).
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        var (service, _, _) = await StartAsync(tree);
        using var owned = service;

        (await SetPortAsync(service, 4000, "let go")).Kind.Should().Be(ValueOutcomeKind.Changed);

        var folder = Path.GetDirectoryName(Path.GetFullPath(tree.ConfigPath))!;
        await Wait.UntilAsync(
            () => !OpenFiles.Under(folder).Any(f => f.EndsWith(" (deleted)", StringComparison.Ordinal)), Patience, "the old settings file let go");
    }

    private static Task<ValueOutcome> SetPortAsync(ValueService service, int port, string reason) =>
        service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(port), reason), Actor.Cli());

    private Task<string> SiteConfAsync(LeaderTree tree) => new LeaderHarness(redis, tree).FileAsync("core", "nginx/conf/site.conf");

    private async Task<(ValueService Service, RedisKey SerialKey, long First)> StartAsync(LeaderTree tree)
    {
        tree.Save();
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        var first = (await pipeline.RunAsync(settings, "start")).Single(r => r.Role == "core").Store!.Serial;
        var service = new ValueService(
            settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.From(_ => null), pipeline, redis.Admin, new NullAuditTrail());
        return (service, new LeaderHarness(redis, tree).Keys.Serial("core"), first);
    }

    /// <summary>Holds the write just before its rename until the pass has come to its store, then runs <c>then</c> there.</summary>
    private sealed class HeldRename : IDisposable
    {
        private readonly ManualResetEventSlim _waiting = new();

        public HeldRename(ValueService service, Action then)
        {
            service.PassWaitingForWrite = _waiting.Set;
            service.BeforeRename = () =>
            {
                ReachedStore = _waiting.Wait(Patience);
                then();
            };
        }

        public bool ReachedStore { get; private set; }

        public void Dispose() => _waiting.Dispose();
    }
}
