using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The client-cost agent's CPU (ms) and thread switches per change, one value per round and client; its event → file (ms),
/// one value per change and client.
/// </summary>
internal sealed record ClientCostResult(Percentiles LibraryCpu, Percentiles BlockingCpu, Percentiles LibrarySwitches, Percentiles BlockingSwitches)
{
    public required Percentiles LibraryEventToFile { get; init; }

    public required Percentiles BlockingEventToFile { get; init; }

    public int Changes { get; init; }

    public int Rounds { get; init; }
}
