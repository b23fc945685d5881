using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>What one propagation run measured (milliseconds, bytes).</summary>
internal sealed record PropagationResult(
    int Followers,
    int Processes,
    int Changes,
    Percentiles FilePerFollower,
    Percentiles FileAllFollowers,
    Percentiles ManifestAllFollowers,
    Percentiles LeaderStore,
    double FollowerBytesPerChange,
    double LeaderBytesPerChange)
{
    /// <summary>From the leader's reload (the operator's action) to each follower's file on disk.</summary>
    public Percentiles ActionToFile { get; init; } = new([]);

    /// <summary>
    /// The follower processes' CPU time (user and system, every thread) over the timed changes, per follower and per change
    /// (ms): the apply, its reads and reports, and whatever the runtime does meanwhile (the thread pool's spinning included).
    /// </summary>
    public double CpuPerChange { get; init; }

    /// <summary>Thread switches (voluntary and not) of the followers per change, per follower (<see cref="ProcessSwitches"/>).</summary>
    public double SwitchesPerChange { get; init; }

    /// <summary>Page faults of the followers per change, per follower (<see cref="ProcessFaults"/>).</summary>
    public double FaultsPerChange { get; init; }

    /// <summary>The floor's pieces, one sample of each after each counted change (as a change reaches a machine); null when not taken.</summary>
    public FloorResult? FloorBetween { get; init; }

    /// <summary>What ran: "Native AOT processes", "JIT processes", or in-process agents in JIT hosts.</summary>
    public string Ran { get; init; } = string.Empty;

    /// <summary>For one real follower process: from its first start (an empty root) to its status reporting the current version (ms).</summary>
    public double? StartToConverged { get; init; }

    /// <summary>For one real follower process: restarts and new-machine starts timed after the changes.</summary>
    public StartResult? Starts { get; init; }

    /// <summary>Set for a run of real follower processes when the idle footprint was sampled.</summary>
    public IdleFootprint? Idle { get; init; }
}
