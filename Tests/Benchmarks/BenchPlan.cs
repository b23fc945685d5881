using System.Globalization;

namespace PryvBus.Benchmarks;

/// <summary>How much a run measures: the full run (the figures of docs/performance.md) or <c>--quick</c> (a smoke run of every part).</summary>
internal sealed record BenchPlan(bool Quick, int Changes, int Warmup, int BytesChanges, TimeSpan Idle, int RenderIterations, int AgentsPerProcess)
{
    /// <summary>Fleet sizes of the propagation runs (<c>--fleets 1,10</c> narrows a run while profiling).</summary>
    public IReadOnlyList<int> Fleets { get; init; } = [1, 10, 100];

    /// <summary>
    /// Changes of the one-follower run, whose rows hold the goals of a single change (event → file, the operator path): 200
    /// even in a quick run (a second of changes; 40 left their medians a tenth of a millisecond apart between runs).
    /// </summary>
    public int OneFollowerChanges { get; init; } = 200;

    /// <summary>How many restarts and new-machine starts of the one-follower run are timed (<c>--starts N</c>).</summary>
    public int Starts { get; init; } = 15;

    /// <summary>
    /// The operator-path run's one kind of action (<c>--only signal</c> or <c>--only put</c>, with its <c>GET</c>), for a
    /// profile of one path; null runs both in turn.
    /// </summary>
    public string? OperatorOnly { get; init; }

    /// <summary>The operator-path run's actions: 40 in a quick run, 100 otherwise, or <c>--changes N</c> (a profile's length).</summary>
    public int OperatorActions { get; init; } = 100;

    /// <summary>The in-process classes to run (<c>--micro-filter Apply</c> runs <c>ApplyBenchmarks</c> only); null runs every one.</summary>
    public string? MicroFilter { get; init; }

    public static BenchPlan Parse(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var plan = quick
            ? new BenchPlan(true, Changes: 40, Warmup: 5, BytesChanges: 10, Idle: TimeSpan.FromSeconds(15), RenderIterations: 20, AgentsPerProcess: 25)
            : new BenchPlan(false, Changes: 200, Warmup: 10, BytesChanges: 20, Idle: TimeSpan.FromSeconds(60), RenderIterations: 50, AgentsPerProcess: 25);
        var changes = Option(args, "--changes");
        var agents = Option(args, "--agents-per-process");
        var fleets = args.ToList().IndexOf("--fleets") is var at and >= 0 && at + 1 < args.Count
            ? args[at + 1].Split(',').Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray()
            : plan.Fleets;
        var idle = Option(args, "--idle-seconds");
        var starts = Option(args, "--starts") ?? (quick ? 5 : 15);
        return plan with { Idle = idle is null ? plan.Idle : TimeSpan.FromSeconds(idle.Value), Changes = changes ?? plan.Changes, OperatorActions = changes ?? (quick ? 40 : 100), OneFollowerChanges = changes ?? plan.OneFollowerChanges, AgentsPerProcess = agents ?? plan.AgentsPerProcess, Fleets = fleets, Starts = starts,
            MicroFilter = args.ToList().IndexOf("--micro-filter") is var f and >= 0 && f + 1 < args.Count ? args[f + 1] : null,
            OperatorOnly = args.ToList().IndexOf("--only") is var o and >= 0
                ? o + 1 < args.Count && args[o + 1] is "signal" or "put" ? args[o + 1] : throw new ArgumentException("--only takes signal or put")
                : null };
    }

    private static int? Option(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : null;
    }
}
