namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>A version the leader stored: its serial, and Stopwatch timestamps from the leader's pass start (the reload) to the commit (EXEC answered).</summary>
internal sealed record LeaderCommit(long Serial, long StoreStarted, long Committed)
{
    /// <summary>When the operator's action started: the settings reload (as on SIGHUP) before the render.</summary>
    public long Action { get; init; }

    /// <summary>When the version's event reached a subscriber in the harness (<see cref="EventClock"/>).</summary>
    public long Announced { get; init; }
}
