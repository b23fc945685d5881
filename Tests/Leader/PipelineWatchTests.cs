using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The pipeline lends its file watch (<see cref="PlatformPipeline.Watch"/>) to the renders of a trusted pass only: such a
/// pass takes a role's folder the watch saw nothing in as listed before, a checking pass walks it. A touched binary file
/// (new times, same bytes: no event) tells them apart: a walk reads it again into a new array. The clock is ahead
/// (<see cref="LaterClock"/>), so that the files count as settled.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PipelineWatchTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_NothingChangedInTheRole_OnlyATrustedPassTakesItsListing(bool trusted)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "{{ DOMAIN }}").Binary("core", "blob.bin", [0, 1, 2]);
        var settings = tree.Load();
        using var watcher = new InputWatcher(tree.ConfigPath, tree.DataPath, TimeSpan.FromSeconds(60), new RenderTriggers(), NullLogger.Instance);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null, time: new LaterClock(TimeSpan.FromSeconds(10))) { Watch = watcher.Stamps };
        var first = (await pipeline.RunAsync(settings, "start")).Single(r => r.Role == "core").Render.Version!.Files["blob.bin"];
        var blob = tree.TemplatePath("core", "blob.bin");
        File.SetLastWriteTimeUtc(blob, File.GetLastWriteTimeUtc(blob).AddSeconds(-30));

        var second = (await pipeline.RunAsync(settings, "SIGHUP", trustStored: trusted)).Single(r => r.Role == "core").Render.Version!.Files["blob.bin"];

        (ReferenceEquals(first, second)).Should().Be(trusted, "a trusted pass takes the listing, a checking pass walks");
    }
}
