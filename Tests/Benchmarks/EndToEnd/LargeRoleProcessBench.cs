using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The 500-template role's action on the real leader process (<see cref="LeaderProcess"/>: Native AOT with
/// <c>PRYVBUS_BENCH_LEADER</c>, else JIT), as an operator takes it: one value edited in the settings file, then
/// <c>SIGHUP</c>, timed from the signal to a subscriber receiving the role's event. The leader runs on a tree of its own
/// (file watch off, HTTP off, ACL provisioning off, as the in-process rows beside it; no periodic check within the run),
/// no follower. After each event the leader is given <see cref="Settle"/> to end its pass (the other role, its record
/// fsynced) before the next edit: each signal finds it idle, as an operator's does.
/// </summary>
internal static class LargeRoleProcessBench
{
    private const string Role = "large";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    public static async Task<Percentiles> RunAsync(RedisInstance redis, IConnectionMultiplexer listener, int changes)
    {
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, "large-process");
        await LargeRoleTemplates.WriteAsync(tree, Role, LargeRoleBench.Templates);
        tree.SetSetting("checkIntervalSeconds", 86_400); // a periodic pass would store an edit before its signal
        tree.Save(); // the role's values too, which the in-process rows' tree.Load() saves
        var queue = await listener.GetSubscriber().SubscribeAsync(new RedisKeys(tree.Prefix).Events);
        var log = Path.Combine(RepoPaths.Work, "large-role", "leader.log");
        try
        {
            using var leader = LeaderProcess.Start(tree.ConfigPath, log);
            await EventAsync(queue, leader, log, "its first pass");
            var times = new List<double>();
            for (var i = 0; i < changes + 5; i++)
            {
                tree.SetPlatformValue(string.Create(CultureInfo.InvariantCulture, $"LARGE_{i % LargeRoleBench.Templates}"), JsonValue.Create(i + 2_000_000));
                tree.Save();
                while (queue.TryRead(out _))
                {
                    // nothing of an earlier pass may stand for this change's event
                }

                var started = Stopwatch.GetTimestamp();
                Signal.Hangup(leader.Process.Id);
                await EventAsync(queue, leader, log, $"change {i}");
                if (i >= 5)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                // A pacing gap between two actions, timed by nothing: the pass's end (the other role checked, the state
                // folder's record written) sends no message to wait for.
                await Task.Delay(Settle);
            }

            return new Percentiles(times);
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    /// <summary>Waits for the next event of the role; fails with the leader's log when it does not come.</summary>
    private static async Task EventAsync(ChannelMessageQueue queue, LeaderProcess leader, string log, string what)
    {
        using var stop = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var message = await queue.ReadAsync(stop.Token);
                if (EventParser.Parse(message.Message).Event is ConfigEvent { Role: Role })
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var state = leader.Process.HasExited ? $"exited with {leader.Process.ExitCode}" : "running";
            throw new TimeoutException($"the leader process ({state}) published no event of role {Role} for {what} within {Timeout.TotalSeconds:F0} s; see {log}");
        }
    }
}
