using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>Action → event on a large role (milliseconds): with the pipeline reusing unchanged files, and a fresh one.</summary>
internal sealed record LargeRoleResult(int Templates, Percentiles Incremental, Percentiles Full);
