using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A config event names the files changed since the version the same pipeline announced last for the role
/// (<see cref="ConfigDelta"/>), so that a follower holding that version fetches only those.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public class PipelineDeltaTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Run_SecondChange_AnnouncesTheFilesChangedSinceTheFirst()
    {
        using var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};")
            .Template("core", "core/conf/core.yml", "fixed: true")
            .Template("core", "old/gone.conf", "gone soon");
        var keys = new RedisKeys(tree.Prefix);
        var queue = await redis.Admin.GetSubscriber().SubscribeAsync(keys.Events);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance);

        await pipeline.RunAsync(tree.Load(), "first");
        var first = await NextAsync(queue);
        File.Delete(tree.TemplatePath("core", "old/gone.conf"));
        tree.Value("DOMAIN", "changed.test");
        await pipeline.RunAsync(tree.Load(), "second", trustStored: true);
        var second = await NextAsync(queue);

        first.Delta.Should().BeNull("nothing was announced for the role before");
        second.Delta.Should().NotBeNull();
        second.Delta!.BaseSha256.Should().Be(first.Sha256);
        second.Delta.Changed.Should().Equal("nginx/conf/site.conf");
        second.Delta.Removed.Should().Equal("old/gone.conf");
        await queue.UnsubscribeAsync();
    }

    [Fact]
    public async Task Run_AnotherPipeline_AnnouncesWithoutDelta()
    {
        // A restarted leader knows nothing it announced: its first event has no delta (followers fetch the whole version).
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};");
        var keys = new RedisKeys(tree.Prefix);
        var queue = await redis.Admin.GetSubscriber().SubscribeAsync(keys.Events);
        await new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance).RunAsync(tree.Load(), "first");
        _ = await NextAsync(queue);
        tree.Value("DOMAIN", "changed.test");

        await new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance).RunAsync(tree.Load(), "second");

        (await NextAsync(queue)).Delta.Should().BeNull();
        await queue.UnsubscribeAsync();
    }

    private static async Task<ConfigEvent> NextAsync(ChannelMessageQueue queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await queue.ReadAsync(timeout.Token);
        return EventParser.Parse(message.Message!).Event.Should().BeOfType<ConfigEvent>().Subject;
    }
}
