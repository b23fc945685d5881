using PryvBus.Shared.Logging;

namespace PryvBus.Leader.Api;

/// <summary>
/// What <c>POST /admin/render</c> refuses before it renders anything, besides a reason refused by
/// <see cref="Values.RenderReason"/> (shared with <c>render --reason</c>): roles that do not exist (each named, escaped and
/// cut, since the caller wrote them).
/// </summary>
internal static class RenderRequestCheck
{
    private const int MaxNamed = 10;
    private const int MaxShown = 64;

    /// <param name="roles">The roles asked for; null for every role.</param>
    /// <param name="known">The roles that exist.</param>
    public static string? RolesProblem(IReadOnlyCollection<string>? roles, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var unknown = (roles ?? []).Where(r => r is null || !known.Contains(r, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
        if (unknown.Length == 0)
        {
            return null;
        }

        var named = string.Join(", ", unknown.Take(MaxNamed).Select(r => $"'{Shown(r)}'"));
        var more = unknown.Length > MaxNamed ? $" and {unknown.Length - MaxNamed} more" : string.Empty;
        return $"unknown role{(unknown.Length == 1 ? string.Empty : "s")} {named}{more} (roles: {string.Join(", ", known)}): nothing rendered";
    }

    private static string Shown(string? role) =>
        role is null ? "null" : LogText.Escape(role.Length > MaxShown ? role[..MaxShown] : role) + (role.Length > MaxShown ? "…" : string.Empty);
}
