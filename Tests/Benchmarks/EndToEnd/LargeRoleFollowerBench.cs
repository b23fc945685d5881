using System.Diagnostics;
using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The follower's side of a change in a large role, end to end: the single-node sample plus a role <c>large</c> of
/// <see cref="Files"/> templates (each reading its own platform value), one real follower process of that role, and
/// one value changed at a time, so that each change rewrites one file of the 2,000. Timed as the propagation rows are:
/// from the version's event reaching the harness (<see cref="EventClock"/>) to the changed file renamed into place, plus the follower's CPU and the
/// bytes Redis sends it per change. The goal's "one changed file applies in ≤ 2 ms" measured with the fetch and the
/// verification included, where <c>Apply.ApplyOneOf2000</c> times the apply alone.
/// </summary>
internal static class LargeRoleFollowerBench
{
    public const int Files = 2000;
    private const string Role = "large";
    private const string ChangedFile = "file0.conf";
    private const string ChangedFolder = "component0/conf";
    private const int Warmup = 5;
    private const int BytesChanges = 5;
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(120);

    public static async Task<LargeRoleFollowerResult> RunAsync(RedisInstance redis, int changes, TextWriter log)
    {
        const string prefix = "benchlarge";
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, prefix, [FollowerIdentity.Numbered(0, Role)]);
        await LargeRoleTemplates.WriteAsync(tree, Role, Files);

        tree.Save();
        await using var connection = await RedisInstance.ConnectLeaderAsync(redis.Endpoint);
        using var leader = new LeaderDriver(tree, connection, Role);
        var value = 0;
        var serial = (await leader.ChangeAsync("LARGE_0", ++value)).Serial;

        // What Redis sends the leader alone per change (its render inputs, store and publish), subtracted below.
        var before = await redis.InfoAsync("stats", "total_net_output_bytes");
        for (var i = 0; i < BytesChanges; i++)
        {
            serial = (await leader.ChangeAsync("LARGE_0", ++value)).Serial;
        }

        var leaderBytes = (await redis.InfoAsync("stats", "total_net_output_bytes") - before) / BytesChanges;
        using var fleet = new FollowerFleet(Path.Combine(RepoPaths.Work, "fleet-large"), redis.Endpoint, prefix, Role, 1, 0);
        fleet.Start();
        var keys = new RedisKeys(prefix);
        await fleet.WaitReportedAsync(redis, keys, serial, ReportTimeout);
        log.WriteLine($"  a follower of a {Files}-file role converged");

        var board = new ArrivalBoard(1, ChangedFile);
        using var watcher = new RenameWatcher(board.OnRename);
        var member = fleet.Members[0];
        watcher.Watch(Path.Combine(member.Root, ChangedFolder), (0, false));
        watcher.Watch(Path.Combine(member.Root, ".pryvbus"), (0, true), closeWrite: true);
        var latencies = new List<double>();
        var cpuAtStart = 0.0;

        // The floor sampled after each change, its file written in the changed file's own folder: creating a file costs
        // what the file system's state makes it cost there (on ext4 without a journal, a new inode is looked for past the
        // recently deleted ones: docs/performance.md).
        await using var sampler = await FloorSampler.CreateAsync(redis, Path.Combine(member.Root, ChangedFolder));
        var floor = (RoundTrip: new List<double>(), Publish: new List<double>(), Write: new List<double>(), WithFolder: new List<double>());
        for (var i = 0; i < Warmup + changes; i++)
        {
            if (i == Warmup)
            {
                cpuAtStart = ProcessCpu.Seconds(fleet.Processes[0].Id);
            }

            board.Reset();
            var commit = await leader.ChangeAsync("LARGE_0", ++value);
            await board.Done.WaitAsync(TimeSpan.FromSeconds(60));
            await fleet.WaitReportedAsync(redis, keys, commit.Serial, ReportTimeout);
            if (i >= Warmup)
            {
                latencies.Add(board.File[0] == 0 ? double.NaN : Stopwatch.GetElapsedTime(commit.Announced, board.File[0]).TotalMilliseconds);
                floor.RoundTrip.Add(await sampler.RoundTripAsync());
                floor.Publish.Add(await sampler.PublishAsync());
                var (write, withFolder, _) = sampler.Write();
                floor.Write.Add(write);
                floor.WithFolder.Add(withFolder);
            }
        }

        var cpu = (ProcessCpu.Seconds(fleet.Processes[0].Id) - cpuAtStart) * 1000 / changes;

        // The follower's bytes: changes waited for by their manifest only (no status polling), less the leader's share.
        before = await redis.InfoAsync("stats", "total_net_output_bytes");
        for (var i = 0; i < BytesChanges; i++)
        {
            board.Reset();
            await leader.ChangeAsync("LARGE_0", ++value);
            await board.Done.WaitAsync(TimeSpan.FromSeconds(60));
        }

        var bytes = ((await redis.InfoAsync("stats", "total_net_output_bytes") - before) / BytesChanges) - leaderBytes;
        if (latencies.Any(double.IsNaN))
        {
            throw new InvalidOperationException($"the follower applied a change without renaming {ChangedFile}");
        }

        var content = await File.ReadAllTextAsync(Path.Combine(member.Root, ChangedFolder, ChangedFile));
        if (!content.Contains(string.Create(CultureInfo.InvariantCulture, $"setting_0 = {value}\n"), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{ChangedFile} does not hold the last value {value}");
        }

        return new LargeRoleFollowerResult(Files, new Percentiles(latencies), cpu, bytes,
            $"1 {(RepoPaths.FollowerIsNative ? "Native AOT" : "JIT")} follower process")
        {
            FloorBetween = new FloorResult(new Percentiles(floor.RoundTrip), new Percentiles(floor.Publish), new Percentiles(floor.Write), new Percentiles(floor.WithFolder)),
        };
    }
}
