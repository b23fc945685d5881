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
    /// <summary>Set for a run of real follower processes when the idle footprint was sampled.</summary>
    public IdleFootprint? Idle { get; init; }
}
