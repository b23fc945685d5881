namespace PryvBus.Benchmarks.Micro;

/// <summary>One BenchmarkDotNet result: what, median and mean time (ns), bytes allocated per call.</summary>
internal sealed record MicroRow(string Benchmark, double MedianNs, double MeanNs, long? AllocatedBytes);
