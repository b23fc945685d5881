using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public class PipelineTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};")
        .Template("static", "nginx/conf/site.conf", "root /www/{{ DOMAIN }};");

    [Fact]
    public async Task Run_NewVersion_PublishesAConfigEventAfterStoring()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        var subscriber = redis.Admin.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(leader.Keys.Events);

        await leader.RunAsync();

        var messages = new List<ConfigEvent>();
        for (var i = 0; i < 2; i++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var message = await queue.ReadAsync(timeout.Token);
            var parsed = EventParser.Parse(message.Message!).Event.Should().BeOfType<ConfigEvent>().Subject;
            // The event must never announce a version a follower cannot read yet.
            var stored = await leader.CurrentAsync(parsed.Role);
            stored!.Serial.Should().Be(parsed.Serial);
            stored.Sha256.Should().Be(parsed.Sha256);
            messages.Add(parsed);
        }

        await queue.UnsubscribeAsync();
        messages.Select(m => m.Role).Should().BeEquivalentTo("core", "static");
        messages.Should().OnlyContain(m => m.Serial == 1);
    }

    [Fact]
    public async Task Run_UnchangedInputs_PublishesNothing()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        var count = 0;
        await redis.Admin.GetSubscriber().SubscribeAsync(leader.Keys.Events, (_, _) => Interlocked.Increment(ref count));

        var reports = await leader.RunAsync("again");

        reports.Should().OnlyContain(r => !r.Stored && r.Receivers == 0);
        // Publish a marker through the same channel: once it arrives, anything published before it has too.
        await redis.Db.PublishAsync(leader.Keys.Events, "marker");
        await Wait.UntilAsync(() => Volatile.Read(ref count) >= 1, TimeSpan.FromSeconds(5), "the marker");
        count.Should().Be(1);
    }

    [Fact]
    public async Task Run_OneRoleBroken_KeepsItsVersionAndStillUpdatesTheOthers()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        tree.Value("DOMAIN", "new.test")
            .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }}; {{ UNDEFINED_VALUE }}");

        var reports = await leader.RunAsync("edit");

        var core = reports.Single(r => r.Role == "core");
        core.Failed.Should().BeTrue();
        core.Render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/nginx/conf/site.conf:1:");
        (await leader.CurrentAsync("core"))!.Serial.Should().Be(1);
        (await leader.FileAsync("core", "nginx/conf/site.conf")).Should().Be("server_name pryv.test;");
        reports.Single(r => r.Role == "static").Store!.Serial.Should().Be(2);
        (await leader.FileAsync("static", "nginx/conf/site.conf")).Should().Be("root /www/new.test;");
    }

    [Fact]
    public async Task Run_BinaryFile_IsStoredByteForByte()
    {
        using var tree = Tree();
        byte[] certificate = [0x30, 0x82, 0x00, 0x01, 0xFF, 0x7B, 0x7B];
        tree.Binary("core", "nginx/conf/secret/cert.der", certificate);
        var leader = new LeaderHarness(redis, tree);

        await leader.RunAsync();

        var stored = await leader.CurrentAsync("core");
        stored!.Files["nginx/conf/secret/cert.der"].Should().Equal(certificate);
        stored.SecretFiles.Should().Contain("nginx/conf/secret/cert.der");
    }

    [Fact]
    public async Task Run_RedisUnreachable_Throws()
    {
        // The service loop catches this and retries with backoff; the pass itself must not pretend success.
        using var tree = new LeaderTree("127.0.0.1:1").Template("core", "a.conf", "x");
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.AsyncTimeout = 500;
        options.BacklogPolicy = BacklogPolicy.FailFast; // a command fails at once instead of waiting for a connection
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);
        var pipeline = new PryvBus.Leader.Pipeline.PlatformPipeline(
            unreachable, Microsoft.Extensions.Logging.Abstractions.NullLogger<PryvBus.Leader.Pipeline.PlatformPipeline>.Instance);

        var act = () => pipeline.RunAsync(tree.Load(), "test");

        await act.Should().ThrowAsync<RedisException>();
    }
}
