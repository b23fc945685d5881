using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>Every role: its current serial, its pin, how many versions are kept, and the current version's reason.</summary>
internal static class RolesPage
{
    public static IResult Show(ConsoleContext context, IReadOnlyList<RoleSummary> roles) =>
        ConsoleLayout.Page(context, "Roles", html =>
        {
            html.Write($"""
                <table id="roles">
                <thead><tr><th>Role</th><th>Current</th><th>Pinned</th><th>Kept</th><th>Created</th><th>Reason</th></tr></thead>
                <tbody>

                """);
            foreach (var role in roles)
            {
                html.Write($"""
                    <tr data-role="{role.Role}">
                    <td><a href="/console/roles/{Uri.EscapeDataString(role.Role)}">{role.Role}</a></td>
                    <td>{role.Current}</td><td>{(role.PinnedAt is { } pin ? $"at {pin}" : "")}</td><td>{role.Retained}</td>
                    <td>{role.Created}</td><td>{role.Reason}</td>
                    </tr>

                    """);
            }

            html.Write($"</tbody>\n</table>\n");
        });
}
