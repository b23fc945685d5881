using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
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
}
