using PryvBus.Leader.Versions;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// A trusted pass that found Redis moved under it (<see cref="StaleReadsException"/>) at one role: what it did for the
/// roles before (stored under conditions that held), and which roles run again as a checking pass: that role and the
/// ones after it when only its pin moved; every role of the pass when the generation moved (Redis flushed, restored,
/// failed over), since a role found unchanged before it was not checked and may be gone.
/// </summary>
internal sealed class StalePassException(IReadOnlyList<RoleReport> done, IReadOnlyList<string> left, StaleReadsException stale)
    : Exception(stale.Message, stale)
{
    /// <summary>The reports of the roles before the stale one.</summary>
    public IReadOnlyList<RoleReport> Done { get; } = done;

    /// <summary>The roles to run again: null for every role of <paramref name="passRoles"/> (the pass's own selection).</summary>
    public IReadOnlyCollection<string>? RolesAgain(IReadOnlyCollection<string>? passRoles) => stale.GenerationMoved ? passRoles : left;

    /// <summary>
    /// The pass's reports: the first attempt's for the roles not run again (stored, or kept, under conditions that held),
    /// then the checking run's.
    /// </summary>
    public IReadOnlyList<RoleReport> Merge(IReadOnlyList<RoleReport> again)
    {
        ArgumentNullException.ThrowIfNull(again);
        var ranAgain = again.Select(r => r.Role).ToHashSet(StringComparer.Ordinal);
        return [.. Done.Where(r => !ranAgain.Contains(r.Role)), .. again];
    }
}
