using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>A change of one file in a large role, on a real follower (<see cref="LargeRoleFollowerBench"/>).</summary>
/// <param name="EventToFile">The version's event received (<see cref="EventClock"/>) → the changed file renamed into place (ms).</param>
/// <param name="CpuPerChange">The follower's CPU per change (ms).</param>
/// <param name="BytesPerChange">Bytes Redis sent the follower per change.</param>
/// <param name="Ran">What ran.</param>
internal sealed record LargeRoleFollowerResult(int Files, Percentiles EventToFile, double CpuPerChange, double BytesPerChange, string Ran)
{
    /// <summary>The floor sampled after each change, its file written in the changed file's folder; null when not measured.</summary>
    public FloorResult? FloorBetween { get; init; }
}
