using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Leader.Versions;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Values;

[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ValueServiceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task SetAsync_CrashBetweenTempFileAndRename_OldFileIntactNothingRendered()
    {
        using var tree = PlatformApi.Tree(redis.Endpoint);
        var before = PlatformApi.SaveWithComments(tree);
        var settings = SettingsLoader.Load(tree.ConfigPath);
        using var service = new ValueService(
            settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.From(_ => null),
            new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null), redis.Admin, new NullAuditTrail())
        {
            BeforeRename = () => throw new IOException("simulated crash"),
        };

        var act = () => service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(4000), "crash"), Actor.Cli());

        await act.Should().ThrowAsync<IOException>();
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
        Directory.EnumerateFiles(Path.GetDirectoryName(tree.ConfigPath)!).Should().ContainSingle("no temp file is left beside it");
        (await redis.Db.KeyExistsAsync(new LeaderHarness(redis, tree).Keys.Serial("core"))).Should().BeFalse();
    }

    [Fact]
    public async Task SetAsync_AnotherPassStoresTheChangeFirst_ReportedStored()
    {
        // The file watch sees the leader's own write and its pass may store the change before the caller's pass, which
        // then finds the role unchanged: the caller is told the change was stored, with that serial. Here the other pass
        // holds the store's lock first and stores the new value once the file holds it.
        using var tree = PlatformApi.Tree(redis.Endpoint);
        ((JsonObject)tree.Config["platform"]!["PORT"]!)["value"] = 4000;
        tree.Save();
        var next = SettingsLoader.Load(tree.ConfigPath);
        ((JsonObject)tree.Config["platform"]!["PORT"]!)["value"] = 3000;
        tree.Save();
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        var first = (await pipeline.RunAsync(settings, "start")).Single(r => r.Role == "core").Store!.Serial;
        var waiting = 0;
        var other = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null).RunAsync(next, "file watch", inputsSettled: async () =>
        {
            Interlocked.Increment(ref waiting);
            await Wait.UntilAsync(() => SettingsLoader.Load(tree.ConfigPath).Platform["PORT"].Display == "4000", TimeSpan.FromSeconds(30), "the new port in the file");
            return true;
        });
        await Wait.UntilAsync(() => Volatile.Read(ref waiting) > 0, TimeSpan.FromSeconds(15), "the other pass at its store");
        using var service = new ValueService(
            settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.From(_ => null), pipeline, redis.Admin, new NullAuditTrail());

        var outcome = await service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(4000), "race"), Actor.Cli());

        var stored = (await other.WaitAsync(TimeSpan.FromSeconds(30))).Single(r => r.Role == "core").Store!;
        stored.Outcome.Should().Be(StoreOutcome.Stored);
        var core = outcome.Reports.Single(r => r.Role == "core");
        core.Stored.Should().BeTrue("the version with the new port was stored, by the other pass");
        core.Store!.Serial.Should().Be(stored.Serial).And.BeGreaterThan(first);
        (await new LeaderHarness(redis, tree).FileAsync("core", "nginx/conf/site.conf")).Should().Contain("listen 4000;");
    }

    [Fact]
    public async Task SetAsync_FileEditedByHandNotYetLoaded_ChangeDescribedFromTheFileOnDisk()
    {
        // The file in force is not parsed again (SettingsProvider.LoadedFrom): an edit on disk not loaded yet is no such file.
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        tree.Save();
        var provider = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance, SettingsEnvironment.From(_ => null));
        var settings = provider.Current;
        using var service = new ValueService(
            settings.ConfigPath, settings.StateDirectory, provider.Environment,
            new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null), redis.Admin, new NullAuditTrail(), provider);
        var inForce = await service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(4000), "first"), Actor.Cli());
        ((JsonObject)tree.Config["platform"]!["PORT"]!)["value"] = 3500;
        tree.Save();

        var outcome = await service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(5000), "second"), Actor.Cli());

        inForce.Change.Should().Be("PORT: 3000 → 4000");
        outcome.Change.Should().Be("PORT: 3500 → 5000");
        provider.Current.Platform["PORT"].Display.Should().Be("5000");
    }
}
