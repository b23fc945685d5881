using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// One pipeline keeps the state folder's secrets between its passes (as the leader process does): a secret another
/// process changed in the folder meanwhile (the command line's rotation) is the one the next pass renders, and one the
/// folder keeps is never generated again.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PipelineSecretReuseTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Run_SecretRotatedByAnotherProcessBetweenPasses_RendersTheNewValue()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "sso: {{ secret \"SSO\" }}\n");
        var leader = new LeaderHarness(redis, tree);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        var settings = tree.Load();
        await pipeline.RunAsync(settings, "first");
        var first = await leader.FileAsync("core", "core.yml");

        await SecretState.Open(settings, _ => null).SetAsync([(SecretScopes.Role("core"), "SSO", "rotated-by-the-command-line")]);
        await pipeline.RunAsync(settings, "after the rotation");

        first.Should().NotContain("rotated-by-the-command-line");
        (await leader.FileAsync("core", "core.yml")).Should().Be("sso: rotated-by-the-command-line\n");
    }

    [Fact]
    public async Task Run_ManyPasses_NeverGeneratesAKeptSecretAgain()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "sso: {{ secret \"SSO\" }}\nv: {{ V }}\n").Value("V", 0);
        var leader = new LeaderHarness(redis, tree);
        var pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
        await pipeline.RunAsync(tree.Load(), "first");
        var sso = (await leader.FileAsync("core", "core.yml")).Split('\n')[0];

        for (var i = 1; i <= 5; i++)
        {
            tree.Value("V", i);
            await pipeline.RunAsync(tree.Load(), "change " + i, trustStored: true);
            (await leader.FileAsync("core", "core.yml")).Should().Be($"{sso}\nv: {i}\n");
        }
    }
}
