using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>The rows of <see cref="OperatorActionBench"/>: the operator path's goal, on the real leader process.</summary>
internal static class OperatorActionRows
{
    private const string Goal = "p50 ≤ 3 ms, p99 ≤ 15 ms";

    public static void Add(ResultTable table, OperatorActionResult? result)
    {
        if (result is not { } r)
        {
            return;
        }

        var hangup = new Percentiles(r.Hangup);
        var put = new Percentiles(r.Put);
        if (hangup.Count > 0)
        {
            table.Add($"operator path, {r.Ran}: SIGHUP (settings file edited before) → file on disk, p50 / p95 / p99 ({hangup.Count} signals)",
                Triple(hangup), Goal, Met(hangup));
        }

        if (put.Count > 0)
        {
            table.Add($"operator path, the same: values API `PUT /admin/platform/NAME` → file on disk, p50 / p95 / p99 ({put.Count} requests)",
                Triple(put), Goal, Met(put));
            table.Add("operator path, the same: values API `PUT` → its answer (written, rendered, stored, then audited), p50 / p95 / p99", Triple(new Percentiles(r.PutAnswered)));
            table.Add("operator path, the same: values API `GET /admin/platform/NAME` (the value, the files and roles using it, the ETag) → its answer, before each `PUT`, p50 / p95 / p99",
                Triple(new Percentiles(r.Listing)));
        }

        table.Note("Operator path on the real leader: `pryvbus-leader run` with `watch` off and its HTTP API on a loopback port, one real follower. Actions alternate (with `--only`, one kind runs alone): the settings file written (one platform value), then SIGHUP sent from the harness (timed from the signal); and `PUT /admin/platform/MONGODB_CACHE_GB` with the admin key and the file's ETag, read by a `GET` of the value just before (its own row). The `PUT` is timed from the request: the settings file written and fsynced, the render and store; the answer also waits for the audit record, made once the versions are out. Both end when the follower renames `mongod.conf` into place (inotify); the next action starts once the follower has reported the new serial. The first two of each kind are not counted.");
    }

    private static bool Met(Percentiles p) => p.P50 <= 3 && p.P99 <= 15;

    private static string Triple(Percentiles p) => $"{ResultTable.Ms(p.P50)} / {ResultTable.Ms(p.P95)} / {ResultTable.Ms(p.P99)}";
}
