using System.Text;
using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole.Pages;

/// <summary>
/// Every console page: the header with the sections and the operator, then the page's own body, as one HTML answer.
/// No inline script or style (the Content-Security-Policy allows only the console's own assets).
/// </summary>
internal static class ConsoleLayout
{
    public const string ContentType = "text/html; charset=utf-8";

    public static IResult Page(ConsoleContext context, string title, Action<ConsoleHtml> body, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var html = new ConsoleHtml();
        html.Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{title} · PryvBus</title>
            <link rel="stylesheet" href="/console/assets/console.css" />
            <script src="/console/assets/console.js" defer></script>
            </head>
            <body>
            <header>
            <span class="brand">PryvBus</span>

            """);
        if (context.Operator is { } signedIn)
        {
            html.Write($"""
                <nav>
                <a href="/console">Convergence</a>
                <a href="/console/roles">Roles</a>
                <a href="/console/values">Values</a>
                <a href="/console/reload">Reload</a>
                <a href="/console/secrets">Secrets</a>
                <a href="/console/audit">Audit</a>
                </nav>
                <form method="post" action="/console/logout" class="signout">
                """);
            FormToken(html, context);
            html.Write($"""
                <span class="operator">{signedIn.Name} ({signedIn.Role.ToString().ToLowerInvariant()})</span>
                <button type="submit">Sign out</button>
                </form>

                """);
        }

        html.Write($"</header>\n<main>\n<h1>{title}</h1>\n");
        body(html);
        html.Write($"</main>\n</body>\n</html>\n");
        return Results.Content(html.ToString(), ContentType, Encoding.UTF8, status);
    }

    /// <summary>The hidden field carrying this browser's form token (every form posts it; the gate checks it).</summary>
    public static void FormToken(ConsoleHtml html, ConsoleContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        html.Write($"<input type=\"hidden\" name=\"{context.CsrfField}\" value=\"{context.CsrfToken}\" />\n");
    }
}
