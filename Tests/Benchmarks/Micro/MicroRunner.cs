using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.Micro;

/// <summary>
/// Runs the in-process pieces with BenchmarkDotNet: a short job (3 warm-ups, 3 measured iterations; fewer with
/// <c>--quick</c>) in this process (no generated project to build), with allocations measured. <c>--micro-filter Apply</c>
/// runs the classes whose name starts with it (here <c>ApplyBenchmarks</c>) only.
/// </summary>
internal static class MicroRunner
{
    public static IReadOnlyList<MicroRow> Run(bool quick, string? filter = null)
    {
        var job = quick
            ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
            : Job.ShortRun;
        var config = ManualConfig.CreateEmpty()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(RepoPaths.Work, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary);

        Type[] types = [typeof(RenderBenchmarks), typeof(LargeRenderBenchmarks), typeof(IntegrityBenchmarks), typeof(StoreBenchmarks), typeof(ApplyBenchmarks)];
        var summaries = BenchmarkRunner.Run(
            filter is null ? types : [.. types.Where(t => t.Name.StartsWith(filter, StringComparison.Ordinal))], config);
        var rows = new List<MicroRow>();
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var benchmark = report.BenchmarkCase;
            var name = $"{benchmark.Descriptor.Type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal)}.{benchmark.Descriptor.WorkloadMethod.Name}";
            if (benchmark.HasParameters)
            {
                name += $" ({benchmark.Parameters.DisplayInfo.Trim('[', ']')})";
            }

            var stats = report.ResultStatistics;
            rows.Add(new MicroRow(
                name, stats?.Median ?? double.NaN, stats?.Mean ?? double.NaN, report.GcStats.GetBytesAllocatedPerOperation(benchmark)));
        }

        return rows;
    }
}
