using System.Diagnostics;
using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// From spawning one real follower process to its status hash reporting the current version ok, two ways: a restart on
/// the version its root already holds (stopped with SIGTERM, started again: the goal's case), and a new machine (its
/// root, state folder included, deleted first: every file written). The follower is the one a propagation run left
/// converged; its status hash is deleted before each start, so only the new process can report. All restarts first
/// (on the root the changes left, nothing written since), then the new machines.
/// </summary>
internal sealed class StartBench(RedisInstance redis, TextWriter log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<StartResult> RunAsync(FollowerFleet fleet, RedisKeys keys, long serial, int starts)
    {
        var member = fleet.Members[0];
        var restarts = new List<(double Wall, double Cpu, long Faults)>();
        var newMachines = new List<(double Wall, double Cpu, long Faults)>();
        for (var i = 0; i < starts; i++)
        {
            restarts.Add(await StartAsync(fleet, keys.Follower(member.Identity.Id), serial, emptyRoot: null));
        }

        for (var i = 0; i < starts; i++)
        {
            newMachines.Add(await StartAsync(fleet, keys.Follower(member.Identity.Id), serial, emptyRoot: member.Root));
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  starts (wall/CPU ms/page faults): restart {Join(restarts)}; new machine {Join(newMachines)}"));
        return new StartResult(
            new Percentiles(restarts.Select(r => r.Wall)), new Percentiles(newMachines.Select(r => r.Wall)),
            new Percentiles(restarts.Select(r => r.Cpu)), new Percentiles(newMachines.Select(r => r.Cpu)))
        {
            RestartFaults = new Percentiles(restarts.Select(r => (double)r.Faults)),
            NewMachineFaults = new Percentiles(newMachines.Select(r => (double)r.Faults)),
        };
    }

    private static string Join(List<(double Wall, double Cpu, long Faults)> samples) =>
        string.Join(" ", samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Wall:F1}/{s.Cpu:F1}/{s.Faults}")));

    /// <summary>
    /// The CPU time the process's threads have run so far, in ms (<c>/proc/{pid}/task/*/schedstat</c>, nanoseconds): finer
    /// than the clock ticks of <c>/proc/{pid}/stat</c>, and less moved by other work on the machine than the wall time.
    /// A thread that already exited is not counted.
    /// </summary>
    private static double CpuMs(int pid)
    {
        double total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                total += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread exited meanwhile.
            }
        }

        return total / 1e6;
    }

    private async Task<(double Wall, double Cpu, long Faults)> StartAsync(FollowerFleet fleet, RedisKey status, long serial, string? emptyRoot)
    {
        await fleet.StopAsync(0);
        if (emptyRoot is not null && Directory.Exists(emptyRoot))
        {
            Directory.Delete(emptyRoot, recursive: true);
        }

        var db = redis.Admin.GetDatabase();
        await db.KeyDeleteAsync(status);
        var expected = serial.ToString(CultureInfo.InvariantCulture);
        var started = Stopwatch.StartNew();
        var process = fleet.Restart(0);
        while (true)
        {
            var fields = await db.HashGetAsync(status, [(RedisValue)StatusFields.Serial, (RedisValue)StatusFields.State]);
            if (fields[0] == expected && fields[1] == FollowerState.Ok)
            {
                return (started.Elapsed.TotalMilliseconds, CpuMs(process.Id), ProcessFaults.Count(process.Id));
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the restarted follower exited (code {process.ExitCode}); see the logs under {RepoPaths.Work}");
            }

            if (started.Elapsed > Timeout)
            {
                throw new TimeoutException($"the restarted follower did not report serial {serial} within {Timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(2);
        }
    }
}
