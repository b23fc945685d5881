using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// Action → event on a large role (milliseconds): the leader's pass in the harness with the pipeline reusing unchanged
/// files, and a fresh one; and the real leader process on SIGHUP (<see cref="LargeRoleProcessBench"/>), its file watch
/// off (<paramref name="Process"/>) and on (<paramref name="Watched"/>, the settings' default), <paramref name="ProcessRan"/>
/// saying which build.
/// </summary>
internal sealed record LargeRoleResult(int Templates, Percentiles Incremental, Percentiles Full, Percentiles Process, Percentiles Watched, string ProcessRan);
