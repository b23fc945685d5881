using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;
using PryvBus.Shared.Status;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The leader as an operator runs it: the real <c>pryvbus-leader run</c> process (Native AOT with
/// <c>PRYVBUS_BENCH_LEADER</c>, as <c>./pryvbus.sh bench</c> runs it, else JIT; its own runtime settings) on a copy
/// of the single-node sample, with the file watch on and its HTTP API and web console listening on a loopback port (ACL
/// provisioning off: the benchmark's Redis has no users file), and one real follower process. Edits are saved to the
/// settings file (<c>MONGODB_CACHE_GB</c>) or to the template <c>mongodb/conf/mongod.conf</c>; each is timed from the
/// write to the follower renaming the changed file into place. Then the leader is left alone and its RSS sampled.
/// </summary>
internal sealed class LeaderProcessBench(RedisInstance redis, TextWriter log)
{
    private const string Role = PropagationBench.Role;
    private const string ChangedFile = "mongod.conf";
    private const string ChangedFolder = "mongodb/conf";
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(30);

    public async Task<LeaderProcessResult> RunAsync(int edits, TimeSpan idle)
    {
        const string prefix = "benchleader";
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, prefix, [FollowerIdentity.Numbered(0, Role)]);
        tree.SetSetting("watch", true);
        tree.SetSetting("http", new JsonObject { ["urls"] = new JsonArray($"http://127.0.0.1:{FreePort()}") });
        tree.Save();
        var template = Path.Combine(Path.GetDirectoryName(tree.ConfigPath)!, "..", "data", Role, ChangedFolder, ChangedFile);
        var templateText = await File.ReadAllTextAsync(template);
        var keys = new RedisKeys(prefix);

        var work = Path.Combine(RepoPaths.Work, "leader-process");
        using var fleet = new FollowerFleet(Path.Combine(work, "fleet"), redis.Endpoint, prefix, Role, 1, 0);
        using var leader = LeaderProcess.Start(tree.ConfigPath, Path.Combine(work, "leader.log"));
        fleet.Start();
        var member = fleet.Members[0];
        await WaitConvergedAsync(keys, member.Identity.Id, leader.Process, TimeSpan.FromSeconds(120));
        log.WriteLine("  leader process and follower converged");

        long landed = 0;
        var arrived = new SemaphoreSlim(0);
        using var watcher = new RenameWatcher((_, name, at) =>
        {
            if (name == ChangedFile)
            {
                Interlocked.Exchange(ref landed, at);
                arrived.Release();
            }
        });
        watcher.Watch(Path.Combine(member.Root, ChangedFolder), 0);

        var settingsEdits = new List<double>();
        var templateEdits = new List<double>();
        var value = 100;
        for (var i = 0; i < 2 * (edits + 2); i++)
        {
            var bySettings = i % 2 == 0;
            var edited = Stopwatch.GetTimestamp();
            if (bySettings)
            {
                tree.SetPlatformValue("MONGODB_CACHE_GB", ++value);
                tree.Save();
            }
            else
            {
                await File.WriteAllTextAsync(template, templateText + string.Create(CultureInfo.InvariantCulture, $"# edit {i}\n"));
            }

            if (!await arrived.WaitAsync(ChangeTimeout))
            {
                throw new TimeoutException($"edit {i}: the follower did not write {ChangedFile} within {ChangeTimeout.TotalSeconds:F0} s; see {work}");
            }

            var ms = Stopwatch.GetElapsedTime(edited, Interlocked.Read(ref landed)).TotalMilliseconds;
            await WaitConvergedAsync(keys, member.Identity.Id, leader.Process, ChangeTimeout);
            if (i >= 4)
            {
                (bySettings ? settingsEdits : templateEdits).Add(ms);
            }
        }

        log.WriteLine($"  sampling the idle leader for {idle.TotalSeconds:F0} s");
        var footprint = await IdleSampler.SampleAsync(leader.Process, idle);
        return new LeaderProcessResult(settingsEdits, templateEdits, footprint,
            $"the real leader process, {(RepoPaths.LeaderIsNative ? "Native AOT" : "JIT")} ({(RepoPaths.LeaderIsNative ? "pryvbus-leader" : "dotnet pryvbus-leader.dll")} run), "
            + "file watch on, HTTP API and console listening, ACL provisioning off");
    }

    /// <summary>The role's current serial is the one the follower reports, state ok.</summary>
    private async Task WaitConvergedAsync(RedisKeys keys, string follower, Process leader, TimeSpan timeout)
    {
        var db = redis.Admin.GetDatabase();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var serial = await db.StringGetAsync(keys.Serial(Role));
            var status = await db.HashGetAsync(keys.Follower(follower), [(StackExchange.Redis.RedisValue)StatusFields.Serial, (StackExchange.Redis.RedisValue)StatusFields.State]);
            if (!serial.IsNull && status[0] == serial && status[1] == FollowerState.Ok)
            {
                return;
            }

            if (leader.HasExited)
            {
                throw new InvalidOperationException($"the leader process exited (code {leader.ExitCode}); see {RepoPaths.Work}/leader-process/leader.log");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the follower did not report serial {serial} within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(5);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
