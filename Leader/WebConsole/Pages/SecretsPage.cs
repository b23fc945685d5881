using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Commands;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>Secrets by name, scope and use (never a value); admins may rotate one that no environment variable overrides.</summary>
internal static class SecretsPage
{
    public static IResult Show(ConsoleContext context, IReadOnlyList<SecretListing.Row> secrets) =>
        ConsoleLayout.Page(context, "Secrets", html =>
        {
            html.Write($"""
                <p class="note">Names, scopes and where each secret is used; never a value. Rotating generates a new value and renders every role using it.</p>
                <table id="secrets">
                <thead><tr><th>Name</th><th>Scope</th><th>Stored in</th><th>Used by (current versions)</th><th>Environment override</th><th></th></tr></thead>
                <tbody>

                """);
            foreach (var secret in secrets)
            {
                html.Write($"""
                    <tr data-secret="{secret.Name}">
                    <td>{secret.Name}</td><td>{secret.Scope}</td><td>{secret.Hash}</td><td>{string.Join(", ", secret.UsedBy)}</td><td>{(secret.Overridden ? "yes" : "")}</td>
                    <td>

                    """);
                if (context.Can(OperatorRole.Admin) && !secret.Overridden)
                {
                    html.Write($"<form method=\"post\" action=\"/console/secrets/{Uri.EscapeDataString(secret.Name)}/rotate\" class=\"inline\">\n");
                    ConsoleLayout.FormToken(html, context);
                    html.Write($"<button type=\"submit\" data-rotate=\"{secret.Name}\">Rotate</button>\n</form>\n");
                }

                html.Write($"</td>\n</tr>\n");
            }

            html.Write($"</tbody>\n</table>\n");
        });
}
