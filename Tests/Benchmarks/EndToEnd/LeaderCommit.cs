namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>A version the leader stored: its serial, and Stopwatch timestamps around the store (committed = EXEC answered).</summary>
internal sealed record LeaderCommit(long Serial, long StoreStarted, long Committed)
{
    /// <summary>When the operator's action started: the settings reload (as on SIGHUP) before the render.</summary>
    public long Action { get; init; }
}
