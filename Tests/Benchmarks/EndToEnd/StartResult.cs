using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>What <see cref="StartBench"/> measured: spawn → status ok, in milliseconds of wall time, and the process's CPU time then.</summary>
/// <param name="Restart">Restarts on the version the root already holds (the goal's case).</param>
/// <param name="NewMachine">Starts on an empty root (every file written).</param>
/// <param name="RestartCpu">The restarted process's CPU time (all its threads) when it reported.</param>
/// <param name="NewMachineCpu">The same for the new machines.</param>
internal sealed record StartResult(Percentiles Restart, Percentiles NewMachine, Percentiles RestartCpu, Percentiles NewMachineCpu);
