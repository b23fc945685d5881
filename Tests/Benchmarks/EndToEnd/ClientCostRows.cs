using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>The rows of <see cref="ClientCostBench"/>: for information, beside the follower's CPU goal.</summary>
internal static class ClientCostRows
{
    public static void Add(ResultTable table, ClientCostResult? result)
    {
        if (result is not { } r)
        {
            return;
        }

        table.Add(
            $"client cost: a stand-in follower doing a change's work (the event, one transaction reading 14 files, their SHA-256, one durable write with its folder fsync, a journal record fsynced, the status write) with StackExchange.Redis as the follower uses it / with blocking sockets on one thread (JIT processes, median of {r.Rounds} rounds of {r.Changes} changes): CPU per change; thread switches per change",
            string.Create(CultureInfo.InvariantCulture, $"{ResultTable.Ms(r.LibraryCpu.P50)} / {ResultTable.Ms(r.BlockingCpu.P50)}; {r.LibrarySwitches.P50:F1} / {r.BlockingSwitches.P50:F1}"));
    }
}
