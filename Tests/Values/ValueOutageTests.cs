using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Values;

/// <summary>
/// A value changed while Redis is away: the settings file is the source of truth, so the change is written (atomically,
/// as always) and the answer says it is not rendered yet; the pass that follows Redis's return renders it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ValueOutageTests
{
    [Fact]
    public async Task SetAsync_RedisAway_WrittenAndNotRenderedYet()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        using var tree = PlatformApi.Tree(redis.Endpoint, watch: false);
        tree.Save();
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var options = redis.Options();
        options.AsyncTimeout = 1000; // the outage is found within a second, not the fixture's five
        await using var leader = await ConnectionMultiplexer.ConnectAsync(options);
        var pipeline = new PlatformPipeline(leader, NullLogger<PlatformPipeline>.Instance, _ => null);
        await pipeline.RunAsync(settings, "start");
        using var service = new ValueService(settings.ConfigPath, settings.StateDirectory, SettingsEnvironment.From(_ => null), pipeline, leader, new NullAuditTrail());
        await redis.KillAsync();

        var outcome = await service.SetAsync(new ValueRequest("PORT", JsonSerializer.SerializeToElement(4000), "outage"), Actor.Cli());

        outcome.RenderProblem.Should().NotBeNull();
        outcome.Message.Should().Contain("written, but not rendered yet");
        SettingsLoader.Load(tree.ConfigPath).Platform["PORT"].Display.Should().Be("4000");
    }
}
