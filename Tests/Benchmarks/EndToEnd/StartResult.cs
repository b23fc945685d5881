using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>What <see cref="StartBench"/> measured: spawn → status ok, in milliseconds.</summary>
/// <param name="Restart">Restarts on the version the root already holds (the goal's case).</param>
/// <param name="NewMachine">Starts on an empty root (every file written).</param>
internal sealed record StartResult(Percentiles Restart, Percentiles NewMachine);
