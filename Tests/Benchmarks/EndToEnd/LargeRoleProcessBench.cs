using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The 500-template role's action on the real leader process (<see cref="LeaderProcess"/>: Native AOT with
/// <c>PRYVBUS_BENCH_LEADER</c>, else JIT), as an operator takes it: one value edited in the settings file, then
/// <c>SIGHUP</c>, timed from the signal to a subscriber receiving the role's event. The leader runs on a tree of its own
/// (HTTP off, ACL provisioning off, as the in-process rows beside it; no periodic check within the run), no follower;
/// the file watch off, or on as the settings' default has it (the pass then takes a role's folder the watch saw no
/// change in as listed before, and the edit asks for no pass of its own once the signal's pass has begun). After each event the next edit waits for the pass to end (the other role checked, then the state
/// folder's record naming the event's serial: <see cref="PassEndedAsync"/>): each signal finds the leader idle, as an
/// operator's does.
/// </summary>
internal static class LargeRoleProcessBench
{
    private const string Role = "large";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The lines of <c>/proc/{pid}/status</c> a lost signal's diagnosis reads.</summary>
    private static readonly string[] MaskNames = ["SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"];

    public static async Task<Percentiles> RunAsync(RedisInstance redis, IConnectionMultiplexer listener, int changes, bool watch)
    {
        var name = watch ? "large-watched" : "large-process";
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, name);
        await LargeRoleTemplates.WriteAsync(tree, Role, LargeRoleBench.Templates);
        tree.SetSetting("checkIntervalSeconds", 86_400); // a periodic pass would store an edit before its signal
        tree.SetSetting("watch", watch);
        tree.Save(); // the role's values too, which the in-process rows' tree.Load() saves
        var queue = await listener.GetSubscriber().SubscribeAsync(new RedisKeys(tree.Prefix).Events);
        var log = Path.Combine(RepoPaths.Work, "large-role", name + ".log");
        var record = Path.Combine(SettingsLoader.Load(tree.ConfigPath).StateDirectory, "store.json");
        try
        {
            using var leader = LeaderProcess.Start(tree.ConfigPath, log);
            await PassEndedAsync(record, tree.Prefix, await EventAsync(queue, leader, log, "its first pass"));
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
                var serial = await EventAsync(queue, leader, log, $"change {i}");
                if (i >= 5)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                await PassEndedAsync(record, tree.Prefix, serial);
            }

            return new Percentiles(times);
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    /// <summary>
    /// Waits until the state folder's record holds <paramref name="serial"/> for the role: the pass's store ledger writes
    /// it as the pass ends, then lets <c>store.lock</c> go.
    /// </summary>
    private static Task PassEndedAsync(string record, string prefix, long serial) =>
        Wait.UntilAsync(() => RecordedSerial(record, prefix) >= serial, Timeout, $"{record} to record serial {serial} of role {Role}");

    private static long RecordedSerial(string record, string prefix)
    {
        try
        {
            return (long?)JsonNode.Parse(File.ReadAllText(record))?["stores"]?[prefix]?["serials"]?[Role] ?? 0;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return 0; // not written yet
        }
    }

    /// <summary>Waits for the next event of the role and returns its serial; fails with the leader's log when it does not come.</summary>
    private static async Task<long> EventAsync(ChannelMessageQueue queue, LeaderProcess leader, string log, string what)
    {
        using var stop = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var message = await queue.ReadAsync(stop.Token);
                if (EventParser.Parse(message.Message).Event is ConfigEvent { Role: Role } config)
                {
                    return config.Serial;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var state = leader.Process.HasExited ? $"exited with {leader.Process.ExitCode}" : $"running; {await DiagnoseAsync(queue, leader.Process.Id)}";
            throw new TimeoutException($"the leader process ({state}) published no event of role {Role} for {what} within {Timeout.TotalSeconds:F0} s; see {log}");
        }
    }

    /// <summary>
    /// What a lost signal leaves to look at (seen twice in full runs, never alone): the leader's signal masks as the kernel
    /// has them (<c>SigPnd</c>, <c>ShdPnd</c>: pending; <c>SigBlk</c>: blocked; <c>SigIgn</c>: ignored; <c>SigCgt</c>:
    /// caught; SIGHUP is bit 0),
    /// and whether a second <c>SIGHUP</c> brings the event: one that does says the first was not taken, one that does not
    /// says the leader's loop is stuck.
    /// </summary>
    private static async Task<string> DiagnoseAsync(ChannelMessageQueue queue, int pid)
    {
        string masks;
        try
        {
            masks = string.Join(", ", File.ReadLines($"/proc/{pid}/status")
                .Where(l => MaskNames.Any(m => l.StartsWith(m, StringComparison.Ordinal)))
                .Select(l => l.Replace('\t', ' ')));
        }
        catch (IOException ex)
        {
            masks = $"no signal masks ({ex.Message})"; // gone meanwhile
        }

        var again = Stopwatch.StartNew();
        Signal.Hangup(pid);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (EventParser.Parse((await queue.ReadAsync(stop.Token)).Message).Event is not ConfigEvent { Role: Role })
            {
                // another role's event
            }

            return string.Create(CultureInfo.InvariantCulture, $"{masks}; a second SIGHUP brought the event in {again.Elapsed.TotalMilliseconds:F0} ms");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return $"{masks}; nor did a second SIGHUP within 10 s";
        }
    }
}
