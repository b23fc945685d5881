using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>The rows of <see cref="ClientCostBench"/>: for information, beside the follower's CPU and event → file goals.</summary>
internal static class ClientCostRows
{
    public static void Add(ResultTable table, ClientCostResult? result, FloorResult? floor)
    {
        if (result is not { } r)
        {
            return;
        }

        var what = $"a stand-in follower doing a change's work (the event, one transaction reading 14 files, their SHA-256, one durable write with its folder fsync, a journal record fsynced, the status write) with StackExchange.Redis as the follower uses it / with blocking sockets on one thread (JIT processes, {r.Rounds} rounds of {r.Changes} changes)";
        table.Add(
            $"client cost: {what}: CPU per change (median of the rounds); thread switches per change",
            string.Create(CultureInfo.InvariantCulture, $"{ResultTable.Ms(r.LibraryCpu.P50)} / {ResultTable.Ms(r.BlockingCpu.P50)}; {r.LibrarySwitches.P50:F1} / {r.BlockingSwitches.P50:F1}"));

        // Against the follower's goal, where this run measured the floor: what either client leaves for PryvBus's own work.
        var ratios = floor is { ChangeP50: > 0 } f
            ? string.Create(CultureInfo.InvariantCulture, $" ({r.LibraryEventToFile.P50 / f.ChangeP50:F2} × / {r.BlockingEventToFile.P50 / f.ChangeP50:F2} × the floor)")
            : string.Empty;
        table.Add(
            "client cost, the same: event received → changed file on disk, p50 / p99 (every change of every round)",
            $"{ResultTable.Ms(r.LibraryEventToFile.P50)} / {ResultTable.Ms(r.LibraryEventToFile.P99)} with StackExchange.Redis; "
            + $"{ResultTable.Ms(r.BlockingEventToFile.P50)} / {ResultTable.Ms(r.BlockingEventToFile.P99)} with blocking sockets{ratios}");
    }
}
