using System.Globalization;
using System.Text;
using PryvBus.Benchmarks.EndToEnd;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Benchmarks.Micro;

namespace PryvBus.Benchmarks;

/// <summary>Turns the measurements into the markdown docs/performance.md links: machine, goals table, BenchmarkDotNet table, definitions.</summary>
internal sealed class BenchReport(BenchPlan plan)
{
    private const double Mib = 1024 * 1024;

    public List<PropagationResult> Propagation { get; } = [];

    public RenderStoreResult? RenderStore { get; set; }

    public IReadOnlyList<MicroRow> Micro { get; set; } = [];

    /// <summary><c>/proc/loadavg</c> when the run started: other work on the machine shows in the tails.</summary>
    public string LoadAtStart { get; } = LoadAverage();

    public string ToMarkdown(TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## PryvBus benchmark{(plan.Quick ? " (--quick: smaller samples)" : string.Empty)}");
        text.AppendLine();
        text.AppendLine("| machine | |");
        text.AppendLine("|---|---|");
        foreach (var (name, value) in MachineInfo.Describe(RedisVersion.Installed()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| load average (1, 5, 15 min) when the run started | {LoadAtStart} |");
        text.AppendLine();
        if (Propagation.Count > 0 || RenderStore is not null)
        {
            text.AppendLine(Goals().ToMarkdown());
        }

        if (Micro.Count > 0)
        {
            text.AppendLine("In-process pieces (BenchmarkDotNet, in-process toolchain, " + (plan.Quick ? "1 warm-up + 3 iterations" : "ShortRun: 3 warm-ups + 3 iterations") + "):");
            text.AppendLine();
            text.AppendLine("| benchmark | median | mean | allocated |");
            text.AppendLine("|---|---|---|---|");
            foreach (var row in Micro)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Benchmark} | {Time(row.MedianNs)} | {Time(row.MeanNs)} | {(row.AllocatedBytes is { } b ? ResultTable.Bytes(b) : "?")} |");
            }

            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Run time: {elapsed.TotalMinutes:F1} min.");
        return text.ToString();
    }

    private ResultTable Goals()
    {
        var table = new ResultTable();
        foreach (var r in Propagation)
        {
            var who = r.Processes == r.Followers
                ? $"{r.Followers} follower{(r.Followers == 1 ? string.Empty : "s")} ({r.Processes} process{(r.Processes == 1 ? string.Empty : "es")})"
                : $"{r.Followers} followers ({r.Processes} processes)";
            var one = r.Followers == 1;
            table.Add(
                $"propagation, {who}: file on disk, per follower, p50 / p95 / p99 ({r.Changes} changes)",
                Triple(r.FilePerFollower),
                one ? "p50 ≤ 5 ms, p99 ≤ 20 ms" : string.Empty,
                one ? r.FilePerFollower.P50 <= 5 && r.FilePerFollower.P99 <= 20 : null);
            if (!one)
            {
                var hundred = r.Followers >= 100;
                table.Add(
                    $"propagation, {who}: all converged (last follower's file), p50 / p95 / p99",
                    Triple(r.FileAllFollowers),
                    hundred ? "p99 ≤ 250 ms" : string.Empty,
                    hundred ? r.FileAllFollowers.P99 <= 250 : null);
            }

            table.Add($"propagation, {who}: apply finished (manifest) on every follower, p50 / p99",
                $"{ResultTable.Ms(r.ManifestAllFollowers.P50)} / {ResultTable.Ms(r.ManifestAllFollowers.P99)}");
        }

        if (RenderStore is { } rs)
        {
            table.Add(
                $"render + store, whole sample (`{rs.Sample}`: {rs.Roles} role(s), {rs.Files} files), settings load → versions stored, p50 / p95",
                $"{ResultTable.Ms(rs.Whole.P50)} / {ResultTable.Ms(rs.Whole.P95)}", "≤ 50 ms", rs.Whole.P95 <= 50);
            table.Add("render + store, step by step, p50: load settings / render every role / store every role",
                $"{ResultTable.Ms(rs.Load.P50)} / {ResultTable.Ms(rs.Render.P50)} / {ResultTable.Ms(rs.Store.P50)}");
            table.Add("render + store, first pass after start (JIT, secrets generated)", ResultTable.Ms(rs.ColdMs));
        }

        var idle = Propagation.Select(p => p.Idle).OfType<IdleFootprint>().FirstOrDefault();
        if (idle is not null)
        {
            table.Add(
                $"follower idle RSS over {idle.Window.TotalSeconds:F0} s after the changes: end / max (at first convergence)",
                string.Create(CultureInfo.InvariantCulture, $"{idle.RssEnd / Mib:F1} / {idle.RssMax / Mib:F1} MiB ({idle.RssAtConvergence / Mib:F1} MiB)"),
                "≤ 64 MB", idle.RssMax <= 64 * Mib);
            table.Add($"follower idle CPU over {idle.Window.TotalSeconds:F0} s", string.Create(CultureInfo.InvariantCulture, $"{idle.CpuPercent:F2} %"),
                "< 1 %", idle.CpuPercent < 1);
        }

        if (Propagation.Count > 0)
        {
            table.Add(
                $"bytes Redis sends each follower per change ({string.Join(" / ", Propagation.Select(p => p.Followers))} followers)",
                string.Join(" / ", Propagation.Select(p => ResultTable.Bytes(p.FollowerBytesPerChange))));
            table.Add("bytes Redis sends the leader per change (render inputs, store, publish)", ResultTable.Bytes(Propagation[0].LeaderBytesPerChange));
            table.Add("leader's StoreAsync (serial, digest, history, EXEC), p50 / p99",
                $"{ResultTable.Ms(Propagation[0].LeaderStore.P50)} / {ResultTable.Ms(Propagation[0].LeaderStore.P99)}");
        }

        if (RenderStore is { } memory)
        {
            foreach (var (role, bytes) in memory.VersionBytesByRole)
            {
                table.Add($"Redis memory per stored version of `{role}` (content + meta hashes)", ResultTable.Bytes(bytes));
            }

            table.Add($"Redis memory with full history ({memory.HistoryLength} versions of every role, secrets, serials, history lists)",
                $"{ResultTable.Bytes(memory.FullHistoryBytes)} (used_memory grew {ResultTable.Bytes(memory.UsedMemoryDelta)})");
        }

        table.Note("Propagation starts when the leader's store transaction has committed (`VersionStore.StoreAsync` returned: EXEC answered; the event is published after) and ends when the harness sees the follower rename the changed file into place (inotify `IN_MOVED_TO`, one reader thread, monotonic clock). The file was fsynced before the rename; the folder fsync follows within ~0.1 ms. \"Apply finished\" is the rename of the follower's manifest, its last step.");
        table.Note($"The changed value is `MONGODB_CACHE_GB` (one file, `mongodb/conf/mongod.conf`, of the single-node sample). One change at a time; the next starts once every follower has reported the previous one. {plan.Warmup} warm-up changes are not counted. Followers: `pollIntervalSeconds` 3600 (changes arrive by the event), containers off, default logging.");
        table.Note("Leader (in the harness process), Redis and every follower share the machine's cores. 100 followers run as agent-host processes of several followers, each with its own multiplexer (two Redis connections).");
        table.Note("Bytes: Redis `total_net_output_bytes` over a pass of changes, minus what the leader alone receives for the same changes, divided by changes and followers.");
        return table;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Triple(Percentiles p) => $"{ResultTable.Ms(p.P50)} / {ResultTable.Ms(p.P95)} / {ResultTable.Ms(p.P99)}";

    private static string Time(double ns) => ns switch
    {
        double.NaN => "n/a",
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{ns:F0} ns"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:F1} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:F2} ms"),
    };
}
