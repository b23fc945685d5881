using System.Globalization;
using PryvBus.Leader.Pipeline;

namespace PryvBus.Leader.Audit;

/// <summary>A render's outcome per role in one line, for the audit trail: <c>core: stored 12; web: unchanged</c>.</summary>
public static class RenderSummary
{
    public static string Of(IEnumerable<RoleReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return string.Join("; ", reports.Select(r => r.Role + ": " + (
            r.Failed ? "failed"
            : r.PinnedAt is { } pinned ? string.Create(CultureInfo.InvariantCulture, $"pinned at {pinned}")
            : r.Stored ? string.Create(CultureInfo.InvariantCulture, $"stored {r.Store!.Serial}")
            : "unchanged")));
    }
}
