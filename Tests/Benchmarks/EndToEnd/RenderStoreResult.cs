using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>What the render-and-store run measured (milliseconds, bytes).</summary>
internal sealed record RenderStoreResult(
    string Sample,
    int Roles,
    int Files,
    double ColdMs,
    Percentiles Whole,
    Percentiles Load,
    Percentiles Render,
    Percentiles Store,
    IReadOnlyDictionary<string, double> VersionBytesByRole,
    int HistoryLength,
    long FullHistoryBytes,
    long UsedMemoryDelta);
