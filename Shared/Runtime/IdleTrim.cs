namespace PryvBus.Shared.Runtime;

/// <summary>
/// Gives the memory of the last bursts of work back once a program is idle: one compacting collection when nothing
/// asked for work for <see cref="Delay"/>. The GC keeps what it once used; without this an idle process keeps the peak
/// of its last changes resident (docs/performance.md, "Idle RSS"). Registered by the executables only: a process
/// hosting several leaders or followers (the tests, the benchmark's agent hosts) must not have each collect the whole
/// process.
/// </summary>
public sealed class IdleTrim(TimeSpan delay)
{
    public TimeSpan Delay { get; } = delay;

    public static void Collect() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
