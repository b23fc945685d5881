using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The physical floor of a change on this machine, measured in the same run as the figures it bounds, 300 samples of
/// each piece in turn (<see cref="FloorSampler"/>). A change needs at least the publish, one round trip to fetch it and
/// one durable write: that sum is the floor.
/// </summary>
internal static class FloorBench
{
    private const int Samples = 300;

    /// <summary>The first 20 samples of each loop warm the path up and are not kept.</summary>
    private const int Warmup = 20;

    /// <summary>Mappings whose pages' first writes are timed (<see cref="PageFaultFloor"/>).</summary>
    private const int PageFaultSamples = 30;
    private const int SwitchSamples = 5;

    public static async Task<FloorResult> RunAsync(RedisInstance redis)
    {
        await using var sampler = await FloorSampler.CreateAsync(redis, "floor");
        var roundTrips = new List<double>();
        for (var i = 0; i < Samples + Warmup; i++)
        {
            Keep(roundTrips, i, await sampler.RoundTripAsync());
        }

        var publishes = new List<double>();
        for (var i = 0; i < Samples + Warmup; i++)
        {
            Keep(publishes, i, await sampler.PublishAsync());
        }

        var (writes, withFolder, writeCpu) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < Samples + Warmup; i++)
        {
            var (write, all, cpu) = sampler.Write();
            Keep(writes, i, write);
            Keep(withFolder, i, all);
            Keep(writeCpu, i, cpu);
        }

        var roundTripCpu = new List<double>();
        for (var i = 0; i < Samples + Warmup; i++)
        {
            Keep(roundTripCpu, i, sampler.RawRoundTripCpu());
        }

        return new FloorResult(new Percentiles(roundTrips), new Percentiles(publishes), new Percentiles(writes), new Percentiles(withFolder))
        {
            WriteCpu = new Percentiles(writeCpu),
            RoundTripCpu = new Percentiles(roundTripCpu),
            PageFault = PageFaultFloor.Measure(PageFaultSamples),
            Switch = SwitchFloor.Measure(SwitchSamples),
        };
    }

    private static void Keep(List<double> samples, int index, double value)
    {
        if (index >= Warmup)
        {
            samples.Add(value);
        }
    }
}
