using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>What the trusted-pass tests share: a tree whose role <c>core</c> reads a value and a secret, a pipeline, its start.</summary>
internal static class TrustedPassSetup
{
    public static PlatformPipeline Pipeline(RedisServer redis) => new(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);

    public static LeaderTree Tree(RedisServer redis) => new LeaderTree(redis.Endpoint)
        .Template("core", "a.conf", "domain {{ DOMAIN }}\nsso {{ secret \"SSO\" }}\n")
        .Value("DOMAIN", "first.test");

    /// <summary>A leader's first pass, then a checking one: the start generated SSO after its reconciliation, so the next trusted pass can trust the second's.</summary>
    public static async Task StartAsync(PlatformPipeline pipeline, LeaderTree tree)
    {
        await pipeline.RunAsync(tree.Load(), "leader start");
        await pipeline.RunAsync(tree.Load(), "periodic check");
    }

    /// <summary><c>core</c>'s file as its current version in Redis holds it.</summary>
    public static Task<string> FileAsync(RedisServer redis, LeaderTree tree) => new LeaderHarness(redis, tree).FileAsync("core", "a.conf");
}
