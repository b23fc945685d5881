using System.Diagnostics;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>A process left alone for a window: RSS every second (start, end, highest) and its CPU share, after 5 s to settle.</summary>
internal static class IdleSampler
{
    public static async Task<IdleFootprint> SampleAsync(Process process, TimeSpan window)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        var first = ProcessSample.Of(process.Id);
        var clock = Stopwatch.StartNew();
        var max = first.RssBytes;
        var last = first;
        while (clock.Elapsed < window)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            last = ProcessSample.Of(process.Id);
            max = Math.Max(max, last.RssBytes);
        }

        var cpu = 100 * (last.CpuSeconds - first.CpuSeconds) / clock.Elapsed.TotalSeconds;
        return new IdleFootprint(first.RssBytes, first.RssBytes, last.RssBytes, max, cpu, clock.Elapsed);
    }
}
