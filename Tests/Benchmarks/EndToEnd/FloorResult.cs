using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>The floor's pieces (milliseconds).</summary>
internal sealed record FloorResult(Percentiles RoundTrip, Percentiles Publish, Percentiles Write, Percentiles WriteAndFolder)
{
    /// <summary>
    /// From the event's arrival: one round trip + one durable write with its folder fsync, at their medians. The publish
    /// (<see cref="Publish"/>) is not part of it: the event goes out with the store's transaction and propagation is timed
    /// from its arrival (<see cref="EventClock"/>).
    /// </summary>
    public double ChangeP50 => RoundTrip.P50 + WriteAndFolder.P50;

    /// <summary>The CPU of the durable write with its folder fsync, the writing thread's (ms); null when not measured.</summary>
    public Percentiles? WriteCpu { get; init; }

    /// <summary>The CPU of a round trip on a blocking socket, no client library, the calling thread's (ms); null when not measured.</summary>
    public Percentiles? RoundTripCpu { get; init; }

    /// <summary>A page fault (µs): the first write to a fresh page (<see cref="PageFaultFloor"/>); null when not measured.</summary>
    public Percentiles? PageFault { get; init; }

    /// <summary>A thread switch from sleep, in µs of CPU (<see cref="SwitchFloor"/>); null when not measured.</summary>
    public Percentiles? Switch { get; init; }
}
