using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>The reload form (releasers): a role and the components to reload, or every component.</summary>
internal static class ReloadPage
{
    public static IResult Show(ConsoleContext context, IReadOnlyList<string> roles) =>
        ConsoleLayout.Page(context, "Reload components", html =>
        {
            html.Write($"<p>Asks every follower of a role to reload the named components (their restart, signal or exec action) without a new version.</p>\n");
            if (!context.Can(OperatorRole.Releaser))
            {
                html.Write($"<p class=\"note\">Reloading needs the releaser role.</p>\n");
                return;
            }

            html.Write($"<form method=\"post\" action=\"/console/reload\" id=\"reload\">\n");
            ConsoleLayout.FormToken(html, context);
            html.Write($"<label>Role\n<select name=\"role\">\n");
            foreach (var role in roles)
            {
                html.Write($"<option value=\"{role}\">{role}</option>\n");
            }

            html.Write($"""
                </select>
                </label>
                <label>Components (comma-separated; empty: every component) <input name="components" /></label>
                <button type="submit">Reload</button>
                </form>

                """);
        });
}
