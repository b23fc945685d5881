using System.Diagnostics;
using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// From the leader committing a changed platform value to each follower having the changed file on disk, with the
/// single-node sample. The value is <c>MONGODB_CACHE_GB</c>, which only <c>mongodb/conf/mongod.conf</c> uses, so each
/// change rewrites one file. One change at a time: the next one starts once every follower has reported the previous.
/// </summary>
internal sealed class PropagationBench(RedisInstance redis, TextWriter log)
{
    public const string Role = "singlenode";
    private const string Value = "MONGODB_CACHE_GB";
    private const string ChangedFile = "mongod.conf";
    private const string ChangedFolder = "mongodb/conf";
    private const int LeaderWarmup = 25;
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(60);

    private int _value = 1;
    private long _lastSerial;

    /// <param name="followers">Fleet size.</param>
    /// <param name="agentsPerProcess">0: real follower processes; else followers per agent-host process.</param>
    /// <param name="changes">Measured changes (after <paramref name="warmup"/> unmeasured ones).</param>
    /// <param name="warmup">Changes that let the followers' JIT settle.</param>
    /// <param name="bytesChanges">Changes of the traffic pass.</param>
    /// <param name="idle">When set (real processes only), how long the first follower is then left idle and sampled.</param>
    /// <param name="starts">One real follower process: how many restarts and new-machine starts are then timed (<see cref="StartBench"/>).</param>
    /// <param name="between">When set, one sample of each piece of the floor is taken after each counted change.</param>
    public async Task<PropagationResult> RunAsync(
        int followers, int agentsPerProcess, int changes, int warmup, int bytesChanges, TimeSpan? idle, int starts = 0, FloorSampler? between = null)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"bench{followers}");
        var identities = Enumerable.Range(0, followers).Select(i => FollowerIdentity.Numbered(i, Role)).ToArray();
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, prefix, identities);
        await using var leaderConnection = await RedisInstance.ConnectLeaderAsync(redis.Endpoint);
        using var leader = new LeaderDriver(tree, leaderConnection, Role);
        var keys = new RedisKeys(prefix);

        // The leader alone first: warm, history full, and the bytes Redis sends it per change (subtracted below).
        for (var i = 0; i < LeaderWarmup; i++)
        {
            await ChangeAsync(leader);
        }

        var leaderBytes = await BytesPerChangeAsync(bytesChanges, async () => await ChangeAsync(leader));
        var serial = (await ChangeAsync(leader)).Serial;

        using var fleet = new FollowerFleet(
            Path.Combine(RepoPaths.Work, $"fleet-{followers}"), redis.Endpoint, prefix, Role, followers, agentsPerProcess);
        var started = Stopwatch.StartNew();
        fleet.Start();
        await fleet.WaitReportedAsync(redis, keys, serial, TimeSpan.FromSeconds(180));
        var startToConverged = started.Elapsed.TotalMilliseconds;
        log.WriteLine($"  {followers} follower(s) in {fleet.Processes.Count} process(es) converged in {started.Elapsed.TotalSeconds:F2} s");
        var rssAtConvergence = agentsPerProcess == 0 ? ProcessSample.Of(fleet.Processes[0].Id).RssBytes : 0;

        var board = new ArrivalBoard(followers, ChangedFile);
        using var watcher = new RenameWatcher(board.OnRename);
        foreach (var member in fleet.Members)
        {
            watcher.Watch(Path.Combine(member.Root, ChangedFolder), (member.Index, false));
            watcher.Watch(Path.Combine(member.Root, ".pryvbus"), (member.Index, true), closeWrite: true);
        }

        var perFollower = new List<double>();
        var allFollowers = new List<double>();
        var manifests = new List<double>();
        var stores = new List<double>();
        var actions = new List<double>();
        await using var trace = new StreamWriter(Path.Combine(RepoPaths.Work, $"propagation-{followers}.csv"));
        await trace.WriteLineAsync("serial,store_ms,event_to_first_file_ms,event_to_last_file_ms,event_to_last_manifest_ms");
        var floor = (RoundTrip: new List<double>(), Publish: new List<double>(), Write: new List<double>(), WithFolder: new List<double>());
        var cpuAtStart = 0.0;
        var switchesAtStart = 0L;
        var faultsAtStart = 0L;
        for (var i = 0; i < warmup + changes; i++)
        {
            if (i == warmup)
            {
                cpuAtStart = CpuSeconds(fleet);
                switchesAtStart = Switches(fleet);
                faultsAtStart = Faults(fleet);
            }

            board.Reset();
            var commit = await ChangeAsync(leader);
            await WaitAsync(board.Done, fleet, commit.Serial);
            await fleet.WaitReportedAsync(redis, keys, commit.Serial, ChangeTimeout);
            if (i < warmup)
            {
                continue;
            }

            var latencies = board.File.Select(t => t == 0 ? double.NaN : Ms(commit.Announced, t)).ToArray();
            if (latencies.Any(double.IsNaN))
            {
                throw new InvalidOperationException($"serial {commit.Serial}: a follower applied it without renaming {ChangedFile}");
            }

            await trace.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{commit.Serial},{Ms(commit.StoreStarted, commit.Committed):F3},{latencies.Min():F3},{latencies.Max():F3},{board.Manifest.Max(t => Ms(commit.Announced, t)):F3}"));
            perFollower.AddRange(latencies);
            actions.AddRange(board.File.Select(t => Ms(commit.Action, t)));
            allFollowers.Add(latencies.Max());
            manifests.Add(board.Manifest.Max(t => Ms(commit.Announced, t)));
            stores.Add(Ms(commit.StoreStarted, commit.Committed));
            if (between is not null)
            {
                floor.RoundTrip.Add(await between.RoundTripAsync());
                floor.Publish.Add(await between.PublishAsync());
                var (write, withFolder, _) = between.Write();
                floor.Write.Add(write);
                floor.WithFolder.Add(withFolder);
            }
        }

        var cpuPerChange = (CpuSeconds(fleet) - cpuAtStart) * 1000 / changes / followers;
        var switchesPerChange = (double)(Switches(fleet) - switchesAtStart) / changes / followers;
        var faultsPerChange = (double)(Faults(fleet) - faultsAtStart) / changes / followers;
        CheckContent(fleet);

        // Traffic: no status polling here (its replies would count); a pause instead lets the followers finish reporting.
        var pause = TimeSpan.FromMilliseconds(20 + (2 * followers));
        var totalBytes = await BytesPerChangeAsync(bytesChanges, async () =>
        {
            board.Reset();
            var commit = await ChangeAsync(leader);
            await WaitAsync(board.Done, fleet, commit.Serial);
            await Task.Delay(pause);
        });

        var result = new PropagationResult(
            followers, fleet.Processes.Count, changes, new Percentiles(perFollower), new Percentiles(allFollowers), new Percentiles(manifests),
            new Percentiles(stores), (totalBytes - leaderBytes) / followers, leaderBytes)
        {
            ActionToFile = new Percentiles(actions),
            CpuPerChange = cpuPerChange,
            SwitchesPerChange = switchesPerChange,
            FaultsPerChange = faultsPerChange,
            FloorBetween = between is null ? null
                : new FloorResult(new Percentiles(floor.RoundTrip), new Percentiles(floor.Publish), new Percentiles(floor.Write), new Percentiles(floor.WithFolder)),
            StartToConverged = followers == 1 && agentsPerProcess == 0 ? startToConverged : null,
            Ran = agentsPerProcess == 0
                ? $"{fleet.Processes.Count} {(RepoPaths.FollowerIsNative ? "Native AOT" : "JIT")} follower process{(fleet.Processes.Count == 1 ? string.Empty : "es")}"
                : $"{fleet.Processes.Count} JIT agent-host processes of {agentsPerProcess} in-process followers, not real follower processes",
        };
        if (idle is { } window && window > TimeSpan.Zero && agentsPerProcess == 0)
        {
            result = result with { Idle = await SampleIdleAsync(fleet.Processes[0], window, rssAtConvergence) };
        }

        if (followers == 1 && agentsPerProcess == 0 && starts > 0)
        {
            await fleet.WaitReportedAsync(redis, keys, _lastSerial, ChangeTimeout);
            log.WriteLine($"  timing {starts} restarts on the version the root holds, then {starts} starts on an empty root");
            result = result with { Starts = await new StartBench(redis, log).RunAsync(fleet, keys, _lastSerial, starts) };
        }

        return result;
    }

    private async Task<LeaderCommit> ChangeAsync(LeaderDriver leader)
    {
        var commit = await leader.ChangeAsync(Value, _value = CacheSizeValue.Next(_value));
        _lastSerial = commit.Serial;
        return commit;
    }

    private async Task<double> BytesPerChangeAsync(int count, Func<Task> change)
    {
        var before = await redis.InfoAsync("stats", "total_net_output_bytes");
        for (var i = 0; i < count; i++)
        {
            await change();
        }

        var after = await redis.InfoAsync("stats", "total_net_output_bytes");
        return (after - before) / (double)count;
    }

    private async Task<IdleFootprint> SampleIdleAsync(Process follower, TimeSpan window, long rssAtConvergence)
    {
        log.WriteLine($"  sampling the idle follower for {window.TotalSeconds:F0} s");
        return await IdleSampler.SampleAsync(follower, window) with { RssAtConvergence = rssAtConvergence };
    }

    private static async Task WaitAsync(Task arrivals, FollowerFleet fleet, long serial)
    {
        try
        {
            await arrivals.WaitAsync(ChangeTimeout);
        }
        catch (TimeoutException)
        {
            fleet.CheckAlive();
            throw new TimeoutException($"serial {serial}: not every manifest landed within {ChangeTimeout.TotalSeconds:F0} s");
        }
    }

    /// <summary>The file really holds the last value (the timings would mean nothing otherwise).</summary>
    private void CheckContent(FollowerFleet fleet)
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"cacheSizeGB: {_value}\n");
        foreach (var member in fleet.Members)
        {
            var content = File.ReadAllText(Path.Combine(member.Root, ChangedFolder, ChangedFile));
            if (!content.Contains(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{member.Identity.Id}: {ChangedFile} does not hold the last value {_value}");
            }
        }
    }

    /// <summary>The CPU time (user and system) of every fleet process so far, threads that exited included.</summary>
    private static double CpuSeconds(FollowerFleet fleet)
    {
        fleet.CheckAlive();
        return fleet.Processes.Sum(p => ProcessCpu.Seconds(p.Id));
    }

    /// <summary>The thread switches of every fleet process so far (<see cref="ProcessSwitches"/>).</summary>
    private static long Switches(FollowerFleet fleet) => fleet.Processes.Sum(p => ProcessSwitches.Count(p.Id));

    /// <summary>The page faults of every fleet process so far (<see cref="ProcessFaults"/>).</summary>
    private static long Faults(FollowerFleet fleet) => fleet.Processes.Sum(p => ProcessFaults.Count(p.Id));

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
