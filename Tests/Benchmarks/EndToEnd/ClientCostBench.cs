using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using PryvBus.Benchmarks.Infrastructure;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// What the Redis client costs a change: the same stand-in follower (<see cref="ClientCostAgent"/>) run with
/// StackExchange.Redis as the follower uses it and with blocking sockets on one thread, in turn, each round a new process
/// of each; a change is a new version of 14 files of ~1 KB of which one changed, published in the transaction that moves
/// the serial, as the leader does; the next once the agent's status names it. The agent's CPU time and thread switches
/// per change, taken from outside as for the follower rows: the whole process's, so its timers (the client's heartbeat,
/// the thread pool's) count too, over the few milliseconds a change takes here. Each change's event → file is timed as
/// the follower's is: from the event reaching a subscriber in the harness (<see cref="EventClock"/>) to the changed file's
/// rename seen by inotify (<see cref="RenameWatcher"/>).
/// </summary>
internal static class ClientCostBench
{
    private const int Files = 14;
    private const string ChangedFile = "f0.conf";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly string[] Modes = ["library", "blocking"];

    public static async Task<ClientCostResult> RunAsync(RedisInstance redis, int changes, int warmup, int rounds)
    {
        var cpu = Modes.ToDictionary(m => m, _ => new List<double>());
        var switches = Modes.ToDictionary(m => m, _ => new List<double>());
        var eventToFile = Modes.ToDictionary(m => m, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Each client first in every other round: neither always meets the machine as the other left it.
            foreach (var mode in round % 2 == 0 ? Modes : Modes.Reverse())
            {
                var (roundCpu, roundSwitches) = await RoundAsync(redis, mode, $"clientcost-{round}-{mode}:", changes, warmup, eventToFile[mode]);
                cpu[mode].Add(roundCpu);
                switches[mode].Add(roundSwitches);
            }
        }

        return new ClientCostResult(new Percentiles(cpu["library"]), new Percentiles(cpu["blocking"]), new Percentiles(switches["library"]), new Percentiles(switches["blocking"]))
        {
            LibraryEventToFile = new Percentiles(eventToFile["library"]),
            BlockingEventToFile = new Percentiles(eventToFile["blocking"]),
            Changes = changes,
            Rounds = rounds,
        };
    }

    /// <summary>
    /// CPU (ms) and thread switches per change of one agent process over <paramref name="changes"/> changes; each change's
    /// event → file (ms) added to <paramref name="eventToFile"/>.
    /// </summary>
    private static async Task<(double Cpu, double Switches)> RoundAsync(
        RedisInstance redis, string mode, string prefix, int changes, int warmup, List<double> eventToFile)
    {
        var folder = Path.Combine(RepoPaths.Work, "client-cost", mode);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        using var clock = EventClock.Start(
            IPEndPoint.Parse(redis.Endpoint), EventsChannel(prefix), payload => (prefix, long.Parse(payload, CultureInfo.InvariantCulture)));

        // Every change renames the changed file once (the first, every file once): each change takes its own landing, in
        // order, whether or not the harness's subscriber read the event before the rename.
        var landings = Channel.CreateUnbounded<long>();
        using var watcher = new RenameWatcher((_, name, at) =>
        {
            if (name == ChangedFile)
            {
                landings.Writer.TryWrite(at);
            }
        });
        watcher.Watch(folder, 0);

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in (string[])[RepoPaths.BenchDll, "client-agent", mode, redis.Endpoint, prefix, folder])
        {
            info.ArgumentList.Add(arg);
        }

        // The follower's own runtime options (Follower.csproj): no spinning pool workers, no advisory file locks.
        info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        info.Environment["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1";

        // Each method compiled once, optimized, at its first call: no tier-up compiling in the background while measured.
        info.Environment["DOTNET_TieredCompilation"] = "0";
        using var agent = Process.Start(info) ?? throw new InvalidOperationException("could not start the client-cost agent");
        try
        {
            var ready = await agent.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (ready != "ready")
            {
                throw new InvalidOperationException($"the client-cost agent ({mode}) said '{ready}' instead of ready");
            }

            var db = redis.Admin.GetDatabase();
            var (cpu, switches) = (0.0, 0L);
            for (var serial = 1L; serial <= warmup + changes; serial++)
            {
                if (serial == warmup + 1)
                {
                    (cpu, switches) = (ProcessCpu.Seconds(agent.Id), ProcessSwitches.Count(agent.Id));
                }

                await ChangeAsync(db, prefix, serial);
                await WaitStatusAsync(db, prefix, serial, agent);
                var landed = await LandingAsync(landings.Reader, mode, serial);
                var arrived = await clock.ArrivalAsync(prefix, serial, Patience);
                if (serial > warmup)
                {
                    eventToFile.Add(Stopwatch.GetElapsedTime(arrived, landed).TotalMilliseconds);
                }
            }

            return (
                (ProcessCpu.Seconds(agent.Id) - cpu) * 1000 / changes,
                (double)(ProcessSwitches.Count(agent.Id) - switches) / changes);
        }
        finally
        {
            agent.Kill();
            await agent.WaitForExitAsync();
        }
    }

    private static async Task ChangeAsync(IDatabase db, string prefix, long serial)
    {
        var files = Enumerable.Range(0, Files).Select(f => new HashEntry(
            $"f{f}.conf", new string((char)('a' + f), 1000) + (f == 0 ? serial : 0).ToString(CultureInfo.InvariantCulture))).ToArray();
        await db.HashSetAsync(prefix + "v:" + serial.ToString(CultureInfo.InvariantCulture), files);
        var tx = db.CreateTransaction();
        _ = tx.StringSetAsync(prefix + "serial", serial);
        _ = tx.PublishAsync(EventsChannel(prefix), serial);
        await tx.ExecuteAsync();
    }

    private static async Task<long> LandingAsync(ChannelReader<long> landings, string mode, long serial)
    {
        try
        {
            return await landings.ReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"the client-cost agent ({mode}) reported serial {serial} but {ChangedFile} never landed");
        }
    }

    private static RedisChannel EventsChannel(string prefix) => RedisChannel.Literal(prefix + "events");

    /// <summary>Polled every millisecond, for at most 10 s (the agent's status hash, as the follower rows poll theirs).</summary>
    private static async Task WaitStatusAsync(IDatabase db, string prefix, long serial, Process agent)
    {
        var clock = Stopwatch.StartNew();
        while ((long?)await db.HashGetAsync(prefix + "status", "serial") != serial)
        {
            if (agent.HasExited || clock.Elapsed > Patience)
            {
                throw new InvalidOperationException($"the client-cost agent did not report serial {serial} (exited: {agent.HasExited})");
            }

            await Task.Delay(1);
        }
    }
}
