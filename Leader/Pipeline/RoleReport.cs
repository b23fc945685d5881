using PryvBus.Leader.Rendering;
using PryvBus.Leader.Versions;

namespace PryvBus.Leader.Pipeline;

/// <summary>What one pass did for one role.</summary>
public sealed record RoleReport(string Role, RoleRender Render, StoreResult? Store, long Receivers)
{
    /// <summary>The serial a rollback pinned the role at: the render was checked but not stored.</summary>
    public long? PinnedAt { get; init; }

    public bool Failed => !Render.Succeeded;

    /// <summary>
    /// Set by the values service: this pass found the role unchanged because another pass (the file watch's, seeing the
    /// same write) had already stored the change, at <see cref="StoreResult.Serial"/>.
    /// </summary>
    public bool StoredByAnotherPass { get; init; }

    public bool Stored => Store?.Outcome == StoreOutcome.Stored || StoredByAnotherPass;
}
