using System.Diagnostics;
using PryvBus.Benchmarks.EndToEnd;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Benchmarks.Micro;

namespace PryvBus.Benchmarks;

/// <summary>Runs the end-to-end harness, then BenchmarkDotNet, and prints and saves the one table.</summary>
internal static class BenchRun
{
    /// <summary>Changes each client-cost agent gets before it is measured (its first calls compiled, its buffers grown).</summary>
    /// <remarks>Rounds come in pairs: each client goes first as often as the other (<see cref="ClientCostBench"/>).</remarks>
    private const int ClientCostWarmup = 60;

    public static async Task<int> RunAsync(string mode, BenchPlan plan, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var report = new BenchReport(plan);
        if (mode is "all" or "e2e")
        {
            await using var redis = await RedisInstance.StartAsync();
            output.WriteLine("[bench] the floor: Redis round trip, publish → subscriber, durable small write");
            report.Floor = await FloorBench.RunAsync(redis);
            report.SampleLoad();
            var propagation = new PropagationBench(redis, output);
            foreach (var followers in plan.Fleets)
            {
                // Real follower processes; with JIT followers (--jit), agent hosts beyond 10 (two cores cannot run 100
                // JIT processes meaningfully). The row says which.
                var perProcess = followers <= 10 || RepoPaths.FollowerIsNative ? 0 : plan.AgentsPerProcess;
                output.WriteLine(perProcess == 0
                    ? $"[bench] propagation: {followers} follower(s), each a real follower process"
                    : $"[bench] propagation: {followers} followers, {perProcess} per agent-host process, one multiplexer each");
                var idle = followers == 1 ? plan.Idle : (TimeSpan?)null;
                await using var between = followers == 1 ? await FloorSampler.CreateAsync(redis, "floor-between") : null;
                report.Propagation.Add(await propagation.RunAsync(
                    followers, perProcess, followers == 1 ? plan.OneFollowerChanges : plan.Changes, plan.Warmup, plan.BytesChanges, idle, plan.Starts, between));
                report.SampleLoad();
            }

            output.WriteLine($"[bench] leader: a {LargeRoleBench.Templates}-template role, one value changed");
            report.LargeRole = await LargeRoleBench.RunAsync(redis, plan.Quick ? 20 : 50);
            report.SampleLoad();

            output.WriteLine($"[bench] follower: a {LargeRoleFollowerBench.Files}-file role, one file changed");
            report.LargeRoleFollower = await LargeRoleFollowerBench.RunAsync(redis, plan.Quick ? 40 : 100, output);
            report.SampleLoad();

            output.WriteLine("[bench] the leader process: file watch on, edit → follower's file, then idle");
            report.LeaderProcess = await new LeaderProcessBench(redis, output).RunAsync(plan.Quick ? 10 : 30, plan.Idle);
            report.SampleLoad();

            await OperatorActionAsync(redis, plan, report, output);

            await ClientCostAsync(redis, plan, report, output);

            output.WriteLine("[bench] render + store of the whole sample");
            report.RenderStore = await new RenderStoreBench(output).RunAsync(plan.RenderIterations);
            report.SampleLoad();
        }

        if (mode is "start")
        {
            // The start rows alone (docs/performance.md, "Follower start"): one follower, a few changes, no idle window.
            await using var redis = await RedisInstance.StartAsync();
            // The floor first: its page fault prices the starts' faults.
            report.Floor = await FloorBench.RunAsync(redis);
            output.WriteLine($"[bench] follower start: {plan.Starts} restarts on an existing version, {plan.Starts} new machines");
            report.Propagation.Add(await new PropagationBench(redis, output).RunAsync(1, 0, plan.Changes, plan.Warmup, plan.BytesChanges, null, plan.Starts));
            report.SampleLoad();
        }

        if (mode is "operator")
        {
            // The operator path on the real leader process alone (docs/performance.md, "The operator path on the real leader").
            await using var redis = await RedisInstance.StartAsync();
            await OperatorActionAsync(redis, plan, report, output);
        }

        if (mode is "client")
        {
            // The client-cost rows alone (docs/performance.md, "What the Redis client costs a change"), with the floor
            // their event → file is set against.
            await using var redis = await RedisInstance.StartAsync();
            output.WriteLine("[bench] the floor: Redis round trip, publish → subscriber, durable small write");
            report.Floor = await FloorBench.RunAsync(redis);
            report.SampleLoad();
            await ClientCostAsync(redis, plan, report, output);
        }

        if (mode is "large")
        {
            // The large role's follower row alone (docs/performance.md, "A 2,000-file role, end to end").
            await using var redis = await RedisInstance.StartAsync();
            output.WriteLine($"[bench] follower: a {LargeRoleFollowerBench.Files}-file role, one file changed");
            report.LargeRoleFollower = await LargeRoleFollowerBench.RunAsync(redis, plan.Quick ? 40 : 100, output);
            report.SampleLoad();
        }

        if (mode is "templates")
        {
            // The 500-template role's rows alone (docs/performance.md, "The 500-template role's row, on the leader process").
            await using var redis = await RedisInstance.StartAsync();
            output.WriteLine($"[bench] leader: a {LargeRoleBench.Templates}-template role, one value changed");
            report.LargeRole = await LargeRoleBench.RunAsync(redis, plan.Quick ? 20 : 50);
            report.SampleLoad();
        }

        if (mode is "leader")
        {
            // The leader process's rows alone (its build: PRYVBUS_BENCH_LEADER), e.g. to measure its idle RSS by hand.
            await using var redis = await RedisInstance.StartAsync();
            output.WriteLine("[bench] the leader process: file watch on, edit → follower's file, then idle");
            report.LeaderProcess = await new LeaderProcessBench(redis, output).RunAsync(plan.Quick ? 10 : 30, plan.Idle);
            report.SampleLoad();

            await OperatorActionAsync(redis, plan, report, output);
        }

        if (mode is "all" or "micro")
        {
            output.WriteLine("[bench] in-process pieces (BenchmarkDotNet)");
            report.Micro = MicroRunner.Run(plan.Quick, plan.MicroFilter);
            report.SampleLoad();
        }

        var markdown = report.ToMarkdown(clock.Elapsed);
        Directory.CreateDirectory(RepoPaths.Results);
        var name = (mode == "all" ? "latest" : "latest-" + mode) + (plan.Quick ? "-quick" : string.Empty) + (RepoPaths.FollowerIsNative && RepoPaths.LeaderIsNative ? string.Empty : "-jit") + ".md";
        var path = Path.Combine(RepoPaths.Results, name);
        await File.WriteAllTextAsync(path, markdown);
        output.WriteLine();
        output.WriteLine(markdown);
        output.WriteLine($"[bench] written to {Path.GetRelativePath(RepoPaths.Root, path)} ({clock.Elapsed.TotalMinutes:F1} min)");
        return 0;
    }

    private static async Task OperatorActionAsync(RedisInstance redis, BenchPlan plan, BenchReport report, TextWriter output)
    {
        output.WriteLine("[bench] the operator path on the leader process: SIGHUP and the values API → follower's file");
        report.OperatorAction = await new OperatorActionBench(redis, output).RunAsync(plan.OperatorActions, plan.OperatorOnly);
        report.SampleLoad();
    }

    private static async Task ClientCostAsync(RedisInstance redis, BenchPlan plan, BenchReport report, TextWriter output)
    {
        output.WriteLine("[bench] client cost: one stand-in follower with the Redis client and with blocking sockets, in turn");
        report.ClientCost = await ClientCostBench.RunAsync(redis, plan.OneFollowerChanges, ClientCostWarmup, plan.Quick ? 4 : 6);
        report.SampleLoad();
    }
}
