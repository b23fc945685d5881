namespace PryvBus.Follower.Agent;

/// <summary>
/// Gives the memory of the last syncs back once the follower is idle: one compacting collection when no sync was asked
/// for <see cref="Delay"/> (see <c>SyncLoop</c>). Registered by the executable only: a process hosting several followers
/// (the tests, the benchmark's agent hosts) must not have each of them collect the whole process.
/// </summary>
public sealed class IdleTrim(TimeSpan delay)
{
    public TimeSpan Delay { get; } = delay;

    public static void Collect() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
