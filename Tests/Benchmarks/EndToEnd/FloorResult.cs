using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>The floor's pieces (milliseconds).</summary>
internal sealed record FloorResult(Percentiles RoundTrip, Percentiles Publish, Percentiles Write, Percentiles WriteAndFolder)
{
    /// <summary>Publish to subscriber + one round trip + one durable write with its folder fsync, at their medians.</summary>
    public double ChangeP50 => Publish.P50 + RoundTrip.P50 + WriteAndFolder.P50;
}
