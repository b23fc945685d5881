using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Pipeline;
using PryvBus.Shared;
using PryvBus.Shared.Events;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The leader's side of an operator's action on a large role: the single-node sample plus a role <c>large</c> of 500
/// templates, each reading its own platform value. Each change edits one of those values; the action is the reload
/// (settings loaded as on <c>SIGHUP</c>, then <c>PlatformPipeline.RunAsync</c> over every role, as the leader's loop
/// runs it) and it ends when a subscriber receives the event of role <c>large</c>. The same pipeline object serves every
/// pass, so unchanged files reuse their last render; a fresh pipeline per pass (every file rendered) is measured beside it,
/// interleaved, on a tree of its own (its own key prefix and state folder): each pass of the kept pipeline follows its own
/// previous pass, as on a running leader, not another process's store.
/// </summary>
internal static class LargeRoleBench
{
    public const int Templates = 500;
    private const string Role = "large";

    public static async Task<LargeRoleResult> RunAsync(RedisInstance redis, int changes)
    {
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, "large");
        using var freshTree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, "large-fresh");
        await LargeRoleTemplates.WriteAsync(tree, Role, Templates);
        await LargeRoleTemplates.WriteAsync(freshTree, Role, Templates);

        await using var leader = await RedisInstance.ConnectLeaderAsync(redis.Endpoint);
        await using var listener = await RedisInstance.ConnectAsync(redis.Endpoint, "event-listener");
        var queue = await listener.GetSubscriber().SubscribeAsync(new RedisKeys(tree.Prefix).Events);
        var freshQueue = await listener.GetSubscriber().SubscribeAsync(new RedisKeys(freshTree.Prefix).Events);
        var pipeline = new PlatformPipeline(leader, NullLogger<PlatformPipeline>.Instance);
        await pipeline.RunAsync(tree.Load(), "first pass");
        await new PlatformPipeline(leader, NullLogger<PlatformPipeline>.Instance).RunAsync(freshTree.Load(), "first pass");

        var incremental = new List<double>();
        var full = new List<double>();
        for (var i = 0; i < changes + 5; i++)
        {
            var reused = await ChangeAsync(tree, pipeline, queue, i);
            var fresh = await ChangeAsync(freshTree, new PlatformPipeline(leader, NullLogger<PlatformPipeline>.Instance), freshQueue, i);
            if (i >= 5)
            {
                incremental.Add(reused);
                full.Add(fresh);
            }
        }

        await queue.UnsubscribeAsync();
        await freshQueue.UnsubscribeAsync();
        var process = await LargeRoleProcessBench.RunAsync(redis, listener, changes, watch: false);
        var watched = await LargeRoleProcessBench.RunAsync(redis, listener, changes, watch: true);
        return new LargeRoleResult(
            Templates, new Percentiles(incremental), new Percentiles(full), process, watched, $"the real leader process, {(RepoPaths.LeaderIsNative ? "Native AOT" : "JIT")}");
    }

    /// <summary>Edits one value (not timed: the operator's typing), then times reload → event received.</summary>
    private static async Task<double> ChangeAsync(SampleTree tree, PlatformPipeline pipeline, StackExchange.Redis.ChannelMessageQueue queue, int change)
    {
        tree.SetPlatformValue(string.Create(CultureInfo.InvariantCulture, $"LARGE_{change % Templates}"), JsonValue.Create(change + 1));
        tree.Save();
        var started = Stopwatch.GetTimestamp();
        var settings = PryvBus.Leader.Settings.SettingsLoader.Load(tree.ConfigPath);
        await pipeline.RunAsync(settings, "benchmark", trustStored: true);
        while (true)
        {
            var message = await queue.ReadAsync();
            if (EventParser.Parse(message.Message).Event is ConfigEvent { Role: Role })
            {
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }
    }
}
