using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>The rows of <see cref="LeaderProcessBench"/> in the goals table, each with its goal and what ran.</summary>
internal static class LeaderProcessRows
{
    private const double Mib = 1024 * 1024;

    public static void Add(ResultTable table, LeaderProcessResult? result)
    {
        if (result is not { } r)
        {
            return;
        }

        var both = new Percentiles(r.SettingsEdit.Concat(r.TemplateEdit));
        var settings = new Percentiles(r.SettingsEdit);
        var template = new Percentiles(r.TemplateEdit);
        table.Add(
            $"watch edit → file on disk ({r.Ran}; 1 {(RepoPaths.FollowerIsNative ? "Native AOT" : "JIT")} follower process): "
            + $"p50 of all / settings edit p50, p95 / template edit p50, p95 ({both.Count} edits)",
            $"{ResultTable.Ms(both.P50)} / {ResultTable.Ms(settings.P50)}, {ResultTable.Ms(settings.P95)} / {ResultTable.Ms(template.P50)}, {ResultTable.Ms(template.P95)}",
            "p50 ≤ 100 ms", both.P50 <= 100);
        table.Add(
            $"leader idle RSS over {r.Idle.Window.TotalSeconds:F0} s after those edits ({r.Ran}): end / max",
            string.Create(CultureInfo.InvariantCulture, $"{r.Idle.RssEnd / Mib:F1} / {r.Idle.RssMax / Mib:F1} MiB"),
            "≤ 80 MiB", r.Idle.RssMax <= 80 * Mib);
        table.Add($"leader idle CPU over {r.Idle.Window.TotalSeconds:F0} s", string.Create(CultureInfo.InvariantCulture, $"{r.Idle.CpuPercent:F2} %"));
        table.Note("Watch edit → file: the real leader process with `watch` on; each edit is a write of the settings file (one platform value) or of the template `mongodb/conf/mongod.conf`, timed from the start of the write to the follower renaming `mongod.conf` into place (inotify). The next edit starts once the follower has reported the new serial.");
    }
}
