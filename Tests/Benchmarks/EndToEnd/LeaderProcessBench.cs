using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Tests.Fixtures;
using PryvBus.Shared;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The leader as an operator runs it: the real <c>pryvbus-leader run</c> process (Native AOT with
/// <c>PRYVBUS_BENCH_LEADER</c>, as <c>./pryvbus.sh bench</c> runs it, else JIT; its own runtime settings) on a copy
/// of the single-node sample, with the file watch on, its HTTP API and web console listening on a loopback port and ACL
/// provisioning on (the default; the benchmark's Redis has no users file to save them to), and one real follower process. Edits are saved to the
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
        tree.SetSetting("acl", new JsonObject { ["provision"] = true });
        tree.SetSetting("http", new JsonObject { ["urls"] = new JsonArray($"http://127.0.0.1:{FreePort.Next()}") });
        tree.Save();
        var template = Path.Combine(Path.GetDirectoryName(tree.ConfigPath)!, "..", "data", Role, ChangedFolder, ChangedFile);
        var templateText = await File.ReadAllTextAsync(template);
        var keys = new RedisKeys(prefix);

        var work = Path.Combine(RepoPaths.Work, "leader-process");
        using var fleet = new FollowerFleet(Path.Combine(work, "fleet"), redis.Endpoint, prefix, Role, 1, 0);
        var leaderLog = Path.Combine(work, "leader.log");
        using var leader = LeaderProcess.Start(tree.ConfigPath, leaderLog);
        fleet.Start();
        var member = fleet.Members[0];
        await RoleConvergence.WaitAsync(redis, keys, Role, member.Identity.Id, leader.Process, leaderLog, TimeSpan.FromSeconds(120));
        log.WriteLine("  leader process and follower converged");

        using var landing = new FileLanding(Path.Combine(member.Root, ChangedFolder), ChangedFile);

        var settingsEdits = new List<double>();
        var templateEdits = new List<double>();
        var value = 100;
        for (var i = 0; i < 2 * (edits + 2); i++)
        {
            var bySettings = i % 2 == 0;
            var edited = Stopwatch.GetTimestamp();
            if (bySettings)
            {
                tree.SetPlatformValue("MONGODB_CACHE_GB", value = CacheSizeValue.Next(value));
                tree.Save();
            }
            else
            {
                await File.WriteAllTextAsync(template, templateText + string.Create(CultureInfo.InvariantCulture, $"# edit {i}\n"));
            }

            var landed = await landing.AfterAsync(edited, ChangeTimeout)
                ?? throw new TimeoutException($"edit {i}: the follower did not write {ChangedFile} within {ChangeTimeout.TotalSeconds:F0} s; see {work}");
            var ms = Stopwatch.GetElapsedTime(edited, landed).TotalMilliseconds;
            await RoleConvergence.WaitAsync(redis, keys, Role, member.Identity.Id, leader.Process, leaderLog, ChangeTimeout);
            if (i >= 4)
            {
                (bySettings ? settingsEdits : templateEdits).Add(ms);
            }
        }

        log.WriteLine($"  sampling the idle leader for {idle.TotalSeconds:F0} s");
        var footprint = await IdleSampler.SampleAsync(leader.Process, idle);
        return new LeaderProcessResult(settingsEdits, templateEdits, footprint,
            $"the real leader process, {(RepoPaths.LeaderIsNative ? "Native AOT" : "JIT")} ({(RepoPaths.LeaderIsNative ? "pryvbus-leader" : "dotnet pryvbus-leader.dll")} run), "
            + "file watch on, HTTP API and console listening, ACL provisioning on");
    }
}
