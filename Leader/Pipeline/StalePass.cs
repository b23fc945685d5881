using PryvBus.Leader.Versions;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// A trusted pass that found Redis moved under it (<see cref="StaleReadsException"/>) at one role: what it did for the
/// roles before (stored under conditions that held: kept and reported) and the roles left, which run again as a checking
/// pass.
/// </summary>
internal sealed class StalePass(IReadOnlyList<RoleReport> done, IReadOnlyList<string> left, StaleReadsException stale) : Exception(stale.Message, stale)
{
    /// <summary>The reports of the roles before the stale one.</summary>
    public IReadOnlyList<RoleReport> Done { get; } = done;

    /// <summary>The stale role and the roles after it.</summary>
    public IReadOnlyList<string> Left { get; } = left;
}
